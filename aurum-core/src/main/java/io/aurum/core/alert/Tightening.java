package io.aurum.core.alert;

import io.aurum.core.engine.MonitorLevel;

/**
 * How a raised monitoring level ({@code emergency monitor}) tightens every rule while it stands:
 * upper bounds (error rate, duration) are divided, lower bounds (throughput) multiplied, by 2 at
 * elevated and 4 at critical.
 */
final class Tightening {
  private Tightening() {}

  static int factor(MonitorLevel level) {
    return switch (level) {
      case NORMAL -> 1;
      case ELEVATED -> 2;
      case CRITICAL -> 4;
    };
  }

  static double threshold(AlertRule rule, MonitorLevel level) {
    return rule.metric().tightened(rule.threshold(), factor(level));
  }
}
