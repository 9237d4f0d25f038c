package io.aurum.sandbox;

/**
 * The hostile-upstream faults of {@link Faults} (see {@link Faults.Hostile}): a verbatim {@code
 * Retry-After}, a drip rate, a ZIP bomb, a huge line, many rows; 0 or null when off. Not
 * thread-safe: {@link Faults} reads and writes it under its own lock.
 */
final class HostileFaults {
  String retryAfterHeader;
  long dripBytesPerSecond;
  long zipBomb;
  long hugeLine;
  long manyRows;

  Faults.Hostile settings() {
    return new Faults.Hostile(retryAfterHeader, dripBytesPerSecond, zipBomb, hugeLine, manyRows);
  }
}
