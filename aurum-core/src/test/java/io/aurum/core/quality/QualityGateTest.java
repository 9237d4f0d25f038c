package io.aurum.core.quality;

import static org.assertj.core.api.Assertions.assertThat;

import io.aurum.core.config.AurumConfig;
import io.aurum.core.model.BasicParams;
import io.aurum.core.model.Operation;
import io.aurum.core.model.OperationParams;
import io.aurum.core.model.OperationSpec;
import io.aurum.core.model.OperationType;
import io.aurum.core.model.Priority;
import io.aurum.core.model.SourceId;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The publish gate: its threshold comes from the operation, else the named profile, else the type's
 * default; a report passes at or above it and is held below it; {@code --checks} restricts the
 * profile and with it the drift check.
 */
class QualityGateTest {
  private static final Path REPO_CONFIG = Path.of("..", "config").toAbsolutePath().normalize();
  private static final AurumConfig CONFIG = AurumConfig.load(REPO_CONFIG);
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  private static Operation op(OperationType type, OperationParams.Quality quality) {
    OperationSpec spec =
        new OperationSpec(
            SourceId.EIA,
            null,
            null,
            List.of(),
            1,
            1,
            1,
            null,
            1.0,
            false,
            null,
            new BasicParams(null, quality));
    return Operation.planned("OP", type, spec, Priority.NORMAL, null, "t", T0);
  }

  private static QualityReport scored(double score) {
    return new QualityReport(
        T0,
        T0.plusSeconds(3600),
        List.of(),
        1,
        1,
        Map.of(),
        score,
        new QualityReport.Defects(0, 0, 0, 0, 0, 0, 0, 0, 0),
        List.of(),
        List.of());
  }

  @Test
  void a_report_passes_at_the_threshold_and_is_held_just_below_it() {
    QualityGate gate = new QualityGate(QualityProfile.STANDARD, 0.8);
    assertThat(gate.passes(scored(0.8))).isTrue();
    assertThat(gate.passes(scored(1.0))).isTrue();
    assertThat(gate.passes(scored(0.79))).isFalse();
    assertThat(gate.passes(scored(0.0))).isFalse();
  }

  @Test
  void without_profile_or_override_the_type_default_threshold_applies() {
    QualityGate gate = QualityGate.forOperation(CONFIG, op(OperationType.REPLAY, null));
    assertThat(gate.threshold())
        .isEqualTo(CONFIG.defaults().of(OperationType.REPLAY).qualityThreshold())
        .isEqualTo(0.9);
    assertThat(gate.profile()).isEqualTo(CONFIG.qualityProfiles().get(null));
  }

  @Test
  void a_named_profile_brings_its_threshold_and_an_override_beats_it() {
    OperationParams.Quality enhanced =
        new OperationParams.Quality("enhanced_validation", null, null);
    QualityGate byProfile = QualityGate.forOperation(CONFIG, op(OperationType.BACKFILL, enhanced));
    assertThat(byProfile.profile().name()).isEqualTo("enhanced_validation");
    assertThat(byProfile.threshold())
        .isEqualTo(CONFIG.qualityProfiles().get("enhanced_validation").threshold());

    QualityGate overridden =
        QualityGate.forOperation(CONFIG, op(OperationType.BACKFILL, enhanced.withThreshold(0.3)));
    assertThat(overridden.threshold()).isEqualTo(0.3);
    assertThat(overridden.passes(scored(0.35))).isTrue();
    assertThat(byProfile.passes(scored(0.35))).isFalse();
  }

  @Test
  void checks_restrict_the_profile_and_drop_the_drift_check_without_consistency() {
    QualityGate full = new QualityGate(QualityProfile.ENHANCED, 0.9);
    assertThat(full.wantsPrevious()).isTrue();
    assertThat(new QualityGate(QualityProfile.STANDARD, 0.5).wantsPrevious()).isFalse();

    QualityGate onlyAccuracy =
        QualityGate.forOperation(
            CONFIG,
            op(
                OperationType.PARTIAL,
                new OperationParams.Quality("enhanced_validation", null, List.of("accuracy"))));
    assertThat(onlyAccuracy.profile().checks()).isEqualTo(Set.of(QualityCheck.ACCURACY));
    assertThat(onlyAccuracy.wantsPrevious()).isFalse();
  }
}
