package io.aurum.core.port;

import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * A claim of up to {@code max} due tasks of an operation for {@code owner}, leased for {@code
 * lease} from the moment the claim runs (read from {@code clock} then, not when it was asked for).
 */
public record ClaimRequest(String operationId, String owner, int max, Clock clock, Duration lease) {
  public ClaimRequest {
    Objects.requireNonNull(operationId, "operationId");
    Objects.requireNonNull(owner, "owner");
    Objects.requireNonNull(clock, "clock");
    Objects.requireNonNull(lease, "lease");
    if (max <= 0) {
      throw new IllegalArgumentException("a claim asks for at least one task, not " + max);
    }
  }
}
