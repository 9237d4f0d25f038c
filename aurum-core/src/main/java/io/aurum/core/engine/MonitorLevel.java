package io.aurum.core.engine;

import io.aurum.core.port.EmergencyRepository.Emergency;
import io.aurum.core.port.EmergencyRepository.Kind;
import io.aurum.core.quality.QualityReport;
import java.time.Duration;
import java.util.List;

/**
 * What a raised monitoring level ({@code aurum emergency monitor}) changes in a run: heartbeats and
 * progress lines come more often (half as far apart at elevated, a quarter at critical), and the
 * quality gate holds every version with a defect, not only those below the threshold.
 */
public enum MonitorLevel {
  NORMAL(1),
  ELEVATED(2),
  CRITICAL(4);

  private static final Duration FLOOR = Duration.ofMillis(250);

  private final int divisor;

  MonitorLevel(int divisor) {
    this.divisor = divisor;
  }

  /** The level the newest active MONITOR sets, NORMAL when none stands. */
  public static MonitorLevel of(List<Emergency> active) {
    return active.stream()
        .filter(e -> e.kind() == Kind.MONITOR && e.level() != null)
        .reduce((a, b) -> b)
        .map(e -> valueOf(e.level().toUpperCase(java.util.Locale.ROOT)))
        .orElse(NORMAL);
  }

  /** The interval shortened for this level, never below 250 ms. */
  public Duration interval(Duration base) {
    Duration d = base.dividedBy(divisor);
    if (d.compareTo(FLOOR) >= 0) {
      return d;
    }
    return base.compareTo(FLOOR) < 0 ? base : FLOOR;
  }

  /** Enhanced validation: above NORMAL, any defect or rejected row holds the version. */
  public boolean holds(QualityReport r) {
    return this != NORMAL && (r.defects().total() > 0 || !r.rejected().isEmpty());
  }
}
