package io.aurum.core.usecase;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aurum.core.error.AurumException;
import io.aurum.core.quality.QualityCheck;
import io.aurum.core.quality.QualityProfile;
import io.aurum.core.testing.TestFlags;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The rules of {@link Validations}: thresholds, check names and the applied quality profile. */
class ValidationsTest {

  @Test
  void a_threshold_is_a_share_named_as_its_origin_wrote_it() {
    assertThat(Validations.threshold(0.0, TestFlags.FLAGS)).isEqualTo(0.0);
    assertThat(Validations.threshold(1.0, TestFlags.FLAGS)).isEqualTo(1.0);
    assertThatThrownBy(() -> Validations.threshold(1.5, TestFlags.FLAGS))
        .isInstanceOf(AurumException.BadInput.class)
        .hasMessage("--threshold must be in [0, 1], got 1.5");
    assertThatThrownBy(() -> Validations.threshold(-0.1, f -> "body." + f))
        .hasMessage("body.threshold must be in [0, 1], got -0.1");
  }

  @Test
  void the_profile_is_restricted_to_the_asked_checks_and_takes_the_asked_threshold() {
    QualityProfile base = QualityProfile.STANDARD;
    assertThat(Validations.profile(base, List.of(), null, TestFlags.FLAGS)).isSameAs(base);

    QualityProfile p = Validations.profile(base, List.of("accuracy"), 0.9, TestFlags.FLAGS);
    assertThat(p.checks()).containsExactly(QualityCheck.ACCURACY);
    assertThat(p.threshold()).isEqualTo(0.9);
    assertThat(p.name()).isEqualTo(base.name());

    assertThatThrownBy(() -> Validations.profile(base, List.of(), 2.0, TestFlags.FLAGS))
        .hasMessage("--threshold must be in [0, 1], got 2.0");
    assertThatThrownBy(() -> Validations.profile(base, List.of("speed"), null, TestFlags.FLAGS))
        .isInstanceOf(AurumException.BadInput.class)
        .hasMessageStartingWith("unknown quality check 'speed'");
  }

  @Test
  void integrity_checks_are_normalised_and_always_include_the_checksums() {
    assertThat(Validations.integrityChecks(List.of(" Schema", "relationships")))
        .containsExactly("schema", "relationships", "checksums");
    assertThat(Validations.integrityChecks(List.of())).containsExactly("checksums");
    assertThatThrownBy(() -> Validations.integrityChecks(List.of("schema", "bogus")))
        .isInstanceOf(AurumException.BadInput.class)
        .hasMessage("unknown integrity check 'bogus': use schema, completeness, relationships");
  }

  @Test
  void operation_checks_are_the_named_ones_or_all_of_them() {
    assertThat(Validations.operationChecks(List.of("tasks", "state")))
        .containsExactly("tasks", "state");
    assertThat(Validations.operationChecks(List.of("all")))
        .containsExactly("state", "tasks", "versions", "quality", "records", "staged");
    assertThatThrownBy(() -> Validations.operationChecks(List.of("all", "nope")))
        .isInstanceOf(AurumException.BadInput.class)
        .hasMessage(
            "unknown validation check 'nope': use all or"
                + " state, tasks, versions, quality, records, staged");
  }
}
