package io.aurum.core.alert;

import java.util.Locale;

/**
 * What an alert rule watches, read from the store so that a stalled operation still alerts:
 * error_rate (failed upstream attempts / attempts, over the window), duration (seconds the oldest
 * running operation has run) and throughput (rows a second published by running operations).
 */
public enum AlertMetric {
  ERROR_RATE(true),
  DURATION(true),
  THROUGHPUT(false);

  /** Breached above the threshold (true) or below it (false). */
  private final boolean upper;

  AlertMetric(boolean upper) {
    this.upper = upper;
  }

  /** The lower-case name used in rules, output and notices. */
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  public boolean breached(double value, double threshold) {
    return upper ? value > threshold : value < threshold;
  }

  /** The comparison as shown: {@code >} or {@code <}. */
  public String comparison() {
    return upper ? ">" : "<";
  }

  /**
   * The threshold tightened by a raised monitoring level: an upper bound divided by {@code factor},
   * a lower bound multiplied by it.
   */
  public double tightened(double threshold, int factor) {
    return upper ? threshold / factor : threshold * factor;
  }

  /** The metric named {@code id}; empty when there is none. */
  public static java.util.Optional<AlertMetric> of(String id) {
    for (AlertMetric m : values()) {
      if (m.id().equals(id.trim().toLowerCase(Locale.ROOT))) {
        return java.util.Optional.of(m);
      }
    }
    return java.util.Optional.empty();
  }
}
