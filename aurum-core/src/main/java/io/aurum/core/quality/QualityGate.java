package io.aurum.core.quality;

import io.aurum.core.config.AurumConfig;
import io.aurum.core.model.Dataset;
import io.aurum.core.model.Observation;
import io.aurum.core.model.Operation;
import io.aurum.core.model.OperationParams;
import java.time.Instant;
import java.util.List;

/**
 * The publish gate of an operation: its quality profile and threshold. A candidate version whose
 * score is below the threshold is quarantined, never published. The threshold is the operation's
 * threshold when set, else the threshold of the profile it names, else the type's {@code
 * quality_threshold} from operation_defaults.json. Stateless and thread-safe.
 */
public final class QualityGate {
  private final QualityEngine engine;
  private final double threshold;

  public QualityGate(QualityProfile profile, double threshold) {
    this.engine = new QualityEngine(profile);
    this.threshold = threshold;
  }

  /** The gate of {@code op}: its profile and threshold as resolved from its spec and config. */
  public static QualityGate forOperation(AurumConfig config, Operation op) {
    OperationParams.Quality q = op.spec().params().quality();
    String profileName = q.profile();
    QualityProfile profile = config.qualityProfiles().get(profileName);
    if (!q.checks().isEmpty()) {
      java.util.Set<QualityCheck> only = java.util.EnumSet.noneOf(QualityCheck.class);
      for (String c : q.checks()) {
        only.add(QualityCheck.parse(c));
      }
      profile = profile.restrictedTo(only);
    }
    Double override = q.threshold();
    double threshold =
        override != null
            ? override
            : profileName != null
                ? profile.threshold()
                : config.defaults().of(op.type()).qualityThreshold();
    return new QualityGate(profile, threshold);
  }

  public QualityProfile profile() {
    return engine.profile();
  }

  public double threshold() {
    return threshold;
  }

  /** Whether drift against the replaced version is checked (the caller then reads its rows). */
  public boolean wantsPrevious() {
    return engine.profile().driftTolerance() != null
        && engine.profile().enabled(QualityCheck.CONSISTENCY);
  }

  /** Evaluates rows fetched for [from, to); {@code previous} as for {@link QualityEngine}. */
  public QualityReport evaluate(
      Dataset d, Instant from, Instant to, List<Observation> rows, List<Observation> previous) {
    return engine.evaluate(d, from, to, rows, previous);
  }

  public boolean passes(QualityReport report) {
    return report.passes(threshold);
  }
}
