package io.aurum.core.usecase;

import io.aurum.core.config.AurumConfig;
import io.aurum.core.request.RequestRules;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

/**
 * What the use-case tests run on: the shipped configuration, a derivation whose quota key is {@code
 * key-SOURCE}, and a clock fixed at 2024-06-01T00:00:00Z.
 */
final class UseCaseFixtures {
  static final AurumConfig CONFIG =
      AurumConfig.load(Path.of("..", "config").toAbsolutePath().normalize());
  static final RequestRules.Derivation DERIVATION =
      src -> new RequestRules.Derived("key-" + src.cliName());
  static final Clock CLOCK = Clock.fixed(Instant.parse("2024-06-01T00:00:00Z"), ZoneOffset.UTC);

  private UseCaseFixtures() {}
}
