package io.aurum.core.model;

import java.time.Instant;
import java.util.Objects;

/**
 * One value of one series at one period start (a UTC instant). Missing upstream values are absent,
 * never NaN or 0. {@code attributes} is a small JSON object or null.
 */
public record Observation(
    String seriesId, Instant period, double value, String unit, String attributes) {
  public Observation {
    Objects.requireNonNull(seriesId, "seriesId");
    Objects.requireNonNull(period, "period");
  }

  public Observation(String seriesId, Instant period, double value, String unit) {
    this(seriesId, period, value, unit, null);
  }
}
