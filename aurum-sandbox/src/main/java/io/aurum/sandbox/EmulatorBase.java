package io.aurum.sandbox;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Set;

/**
 * What every emulator holds: its source name and path prefix, the sandbox revisions, the API keys
 * the upstream rejects (empty for keyless sources) and the sandbox clock; and the small request
 * helpers they share. Subclasses answer requests the way their upstream does.
 */
public abstract class EmulatorBase implements SourceEmulator {
  private final String source;
  private final String pathPrefix;

  /** The sandbox revisions, applied to the current vintage. */
  protected final Revisions revisions;

  /** API keys the upstream answers as not registered. */
  protected final Set<String> rejectedKeys;

  /** The sandbox clock. */
  protected final Clock clock;

  protected EmulatorBase(
      String source,
      String pathPrefix,
      Revisions revisions,
      Set<String> rejectedKeys,
      Clock clock) {
    this.source = source;
    this.pathPrefix = pathPrefix;
    this.revisions = revisions;
    this.rejectedKeys = Set.copyOf(rejectedKeys);
    this.clock = clock;
  }

  @Override
  public final String source() {
    return source;
  }

  @Override
  public final String pathPrefix() {
    return pathPrefix;
  }

  /** Today's date in UTC by the sandbox clock. */
  protected final LocalDate todayUtc() {
    return LocalDate.now(clock.withZone(ZoneOffset.UTC));
  }

  /** A request parameter, or {@code otherwise} when it is absent or blank. */
  protected static String orElse(String v, String otherwise) {
    return v == null || v.isBlank() ? otherwise : v;
  }
}
