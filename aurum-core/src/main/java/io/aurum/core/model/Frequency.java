package io.aurum.core.model;

import java.time.Duration;

/**
 * How often a dataset has an observation per series. Intraday data (5-minute, hourly) and daily
 * data partition by day in the dataset's zone; monthly data by month. In the catalog: {@code
 * five_minute}, {@code hourly}, {@code daily}, {@code monthly}.
 */
public enum Frequency {
  HOURLY(Duration.ofHours(1)),
  DAILY(null),
  MONTHLY(null),
  // Last, so the other constants keep their ordinals.
  FIVE_MINUTE(Duration.ofMinutes(5));

  private final Duration step;

  Frequency(Duration step) {
    this.step = step;
  }

  /** Whether a partition of this frequency covers a month rather than a day. */
  public boolean monthlyPartitions() {
    return this == MONTHLY;
  }

  /**
   * Whether periods are fixed-length intervals within a day (5-minute, hourly): a day partition
   * holds as many as fit between its first and next midnight, so DST days have fewer or more.
   */
  public boolean intraday() {
    return step != null;
  }

  /** The fixed length of an intraday period in UTC; throws for daily and monthly data. */
  public Duration step() {
    if (step == null) {
      throw new IllegalStateException(this + " periods are calendar days or months, not fixed");
    }
    return step;
  }
}
