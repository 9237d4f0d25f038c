package io.aurum.core.model;

/** How often a dataset has an observation per series. Hourly and daily data partition by day. */
public enum Frequency {
  HOURLY,
  DAILY,
  MONTHLY;

  /** Whether a partition of this frequency covers a month rather than a day. */
  public boolean monthlyPartitions() {
    return this == MONTHLY;
  }
}
