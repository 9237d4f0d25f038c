package io.aurum.core.quality;

import static org.assertj.core.api.Assertions.assertThat;

import io.aurum.core.config.AurumConfig;
import io.aurum.core.model.BasicParams;
import io.aurum.core.model.Dataset;
import io.aurum.core.model.Observation;
import io.aurum.core.model.Operation;
import io.aurum.core.model.OperationParams;
import io.aurum.core.model.OperationSpec;
import io.aurum.core.model.OperationType;
import io.aurum.core.model.PartitionKey;
import io.aurum.core.model.Priority;
import io.aurum.core.model.SourceId;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The publish gate resolves its threshold from the operation, then its profile, then the type's
 * default, restricts the profile to the checks asked for, and passes a day only at or above it.
 */
class QualityGateTest {
  private static final Path REPO_CONFIG = Path.of("..", "config").toAbsolutePath().normalize();
  private static final AurumConfig CONFIG = AurumConfig.load(REPO_CONFIG);

  private static Operation backfill(OperationParams.Quality q) {
    OperationSpec spec =
        new OperationSpec(
            SourceId.EIA,
            LocalDate.of(2024, 1, 1),
            LocalDate.of(2024, 1, 2),
            List.of("ELEC.DEMAND"),
            1,
            1,
            1,
            null,
            1.0,
            false,
            null,
            new BasicParams(null, q));
    return Operation.planned(
        "OP", OperationType.BACKFILL, spec, Priority.NORMAL, null, "t", Instant.EPOCH);
  }

  /** A day of ELEC.DEMAND with {@code hours} hours of every series. */
  private static List<Observation> day(Dataset d, PartitionKey k, int hours) {
    List<Observation> rows = new ArrayList<>();
    Instant t = k.start(d);
    for (int h = 0; h < hours; h++, t = t.plusSeconds(3600)) {
      for (String s : d.series()) {
        rows.add(new Observation(s, t, 90_000.0 + h, "MWh"));
      }
    }
    return rows;
  }

  @Test
  void the_threshold_comes_from_the_operation_then_the_profile_then_the_type_default() {
    QualityGate own =
        QualityGate.forOperation(
            CONFIG, backfill(new OperationParams.Quality("standard", 0.77, List.of())));
    QualityGate profile =
        QualityGate.forOperation(
            CONFIG, backfill(new OperationParams.Quality("enhanced_validation", null, List.of())));
    QualityGate byType = QualityGate.forOperation(CONFIG, backfill(OperationParams.Quality.NONE));

    assertThat(own.threshold()).isEqualTo(0.77);
    assertThat(profile.threshold()).isEqualTo(profile.profile().threshold()).isEqualTo(0.9);
    assertThat(byType.threshold())
        .isEqualTo(CONFIG.defaults().of(OperationType.BACKFILL).qualityThreshold());
  }

  @Test
  void the_checks_asked_for_restrict_the_profile_and_drift_needs_consistency() {
    QualityGate all =
        QualityGate.forOperation(
            CONFIG, backfill(new OperationParams.Quality("enhanced_validation", null, List.of())));
    QualityGate onlyCompleteness =
        QualityGate.forOperation(
            CONFIG,
            backfill(
                new OperationParams.Quality("enhanced_validation", null, List.of("completeness"))));

    assertThat(all.profile().enabled(QualityCheck.ACCURACY)).isTrue();
    assertThat(all.wantsPrevious()).isTrue();
    assertThat(onlyCompleteness.profile().checks()).containsExactly(QualityCheck.COMPLETENESS);
    assertThat(onlyCompleteness.wantsPrevious()).isFalse();
    assertThat(new QualityGate(QualityProfile.STANDARD, 0.5).wantsPrevious()).isFalse();
  }

  @Test
  void a_full_day_passes_and_a_day_missing_most_hours_is_held_below_the_threshold() {
    Dataset d = CONFIG.catalog().get(SourceId.EIA, "ELEC.DEMAND");
    PartitionKey k = new PartitionKey(SourceId.EIA, d.name(), LocalDate.of(2024, 1, 2));
    QualityGate gate = new QualityGate(QualityProfile.STANDARD, 0.9);

    QualityReport full = gate.evaluate(d, k.start(d), k.end(d), day(d, k, 24), null);
    QualityReport partial = gate.evaluate(d, k.start(d), k.end(d), day(d, k, 6), null);

    assertThat(gate.passes(full)).isTrue();
    assertThat(partial.score()).isLessThan(0.9);
    assertThat(gate.passes(partial)).isFalse();
  }
}
