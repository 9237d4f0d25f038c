package io.aurum.core.alert;

import java.time.Duration;
import java.util.List;

/**
 * What the store says about a scope over a window: upstream attempts and failed attempts of the
 * tasks that moved in it, rows published, how much of the window running operations covered, and
 * the running operations with how long each has run.
 */
public record Figures(
    long attempts, long failedAttempts, long rows, Duration covered, List<Running> running) {

  /** A running operation and how long its current run has lasted. */
  public record Running(String operationId, Duration age) {}

  public Figures {
    running = List.copyOf(running);
  }

  /**
   * The metric's value, or null when there is nothing to measure (no attempts in the window; no
   * running operation for duration and throughput).
   */
  public Double value(AlertMetric m) {
    return switch (m) {
      case ERROR_RATE -> attempts == 0 ? null : (double) failedAttempts / attempts;
      case DURATION ->
          running.isEmpty()
              ? null
              : (double) running.stream().mapToLong(r -> r.age().toSeconds()).max().orElse(0);
      case THROUGHPUT ->
          running.isEmpty() || covered.isZero() ? null : rows / (covered.toMillis() / 1000.0);
    };
  }
}
