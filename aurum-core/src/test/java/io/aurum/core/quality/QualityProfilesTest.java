package io.aurum.core.quality;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aurum.core.error.AurumException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class QualityProfilesTest {
  @TempDir Path dir;

  @Test
  void a_configuration_without_the_file_gets_the_built_in_profiles() {
    QualityProfiles p = QualityProfiles.load(dir);
    assertThat(p.defaultProfile()).isEqualTo(QualityProfile.STANDARD);
    assertThat(p.get(null)).isEqualTo(QualityProfile.STANDARD);
    assertThat(p.get("enhanced_validation").threshold()).isEqualTo(0.9);
    assertThat(p.all()).containsOnlyKeys("standard", "enhanced_validation");
  }

  @Test
  void profiles_load_with_their_weights_threshold_and_default() throws IOException {
    Files.writeString(
        dir.resolve(QualityProfiles.FILE),
        """
        {"default_profile": "strict",
         "profiles": {
           "strict": {"checks": {"completeness": 1, "timeliness": 0.25}, "threshold": 0.95,
                      "drift_tolerance": 0.1, "max_findings_per_check": 7},
           "lax": {"checks": {"accuracy": 1}}
         }}
        """);
    QualityProfiles p = QualityProfiles.load(dir);
    QualityProfile strict = p.defaultProfile();
    assertThat(strict.name()).isEqualTo("strict");
    assertThat(strict.weights())
        .containsOnly(
            java.util.Map.entry(QualityCheck.COMPLETENESS, 1.0),
            java.util.Map.entry(QualityCheck.TIMELINESS, 0.25));
    assertThat(strict.threshold()).isEqualTo(0.95);
    assertThat(strict.driftTolerance()).isEqualTo(0.1);
    assertThat(strict.maxFindingsPerCheck()).isEqualTo(7);
    QualityProfile lax = p.get("lax");
    assertThat(lax.threshold()).isEqualTo(0.5);
    assertThat(lax.driftTolerance()).isNull();
  }

  @Test
  void a_default_that_names_no_profile_or_an_unknown_check_is_refused() throws IOException {
    Path file = dir.resolve(QualityProfiles.FILE);
    Files.writeString(
        file,
        "{\"default_profile\": \"gold\", \"profiles\": {\"a\": {\"checks\": {\"accuracy\": 1}}}}");
    assertThatThrownBy(() -> QualityProfiles.load(dir))
        .isInstanceOf(AurumException.BadInput.class)
        .hasMessageContaining("default_profile 'gold' is not one of the profiles");
    Files.writeString(file, "{\"profiles\": {\"standard\": {\"checks\": {\"speed\": 1}}}}");
    assertThatThrownBy(() -> QualityProfiles.load(dir))
        .isInstanceOf(AurumException.BadInput.class)
        .hasMessageContaining(":1:39: unknown key 'speed' in profiles.standard.checks");
  }

  @Test
  void an_unknown_profile_names_the_known_ones_in_a_stable_order() {
    assertThatThrownBy(() -> QualityProfiles.builtIn().get("gold"))
        .isInstanceOf(AurumException.BadInput.class)
        .hasMessageContaining(
            "use one of enhanced_validation, standard (from quality_profiles.json)");
  }
}
