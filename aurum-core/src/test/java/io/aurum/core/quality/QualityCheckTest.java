package io.aurum.core.quality;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aurum.core.error.AurumException;
import org.junit.jupiter.api.Test;

class QualityCheckTest {

  @Test
  void every_check_parses_back_from_its_cli_name() {
    for (QualityCheck c : QualityCheck.values()) {
      assertThat(QualityCheck.parse(c.cliName())).isEqualTo(c);
      assertThat(QualityCheck.parse(" " + c.name() + " ")).isEqualTo(c);
    }
    assertThat(QualityCheck.TIMELINESS.cliName()).isEqualTo("timeliness");
  }

  @Test
  void an_unknown_check_is_bad_input_listing_the_checks_in_order() {
    assertThatThrownBy(() -> QualityCheck.parse("freshness"))
        .isInstanceOf(AurumException.BadInput.class)
        .hasMessage(
            "unknown quality check 'freshness': use completeness, accuracy, consistency,"
                + " timeliness");
  }
}
