package io.aurum.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aurum.core.error.AurumException;
import org.junit.jupiter.api.Test;

class ConflictStrategyTest {

  @Test
  void parses_the_cli_names_whatever_their_case_and_spacing() {
    assertThat(ConflictStrategy.parse("latest_wins")).isEqualTo(ConflictStrategy.LATEST_WINS);
    assertThat(ConflictStrategy.parse(" Keep_Existing ")).isEqualTo(ConflictStrategy.KEEP_EXISTING);
    for (ConflictStrategy s : ConflictStrategy.values()) {
      assertThat(ConflictStrategy.parse(s.cliName())).isEqualTo(s);
    }
    assertThat(ConflictStrategy.HIGHEST_QUALITY.cliName()).isEqualTo("highest_quality");
  }

  @Test
  void an_unknown_strategy_is_bad_input_naming_the_ones_there_are() {
    assertThatThrownBy(() -> ConflictStrategy.parse("newest"))
        .isInstanceOf(AurumException.BadInput.class)
        .hasMessageContaining("'newest'")
        .hasMessageContaining("latest_wins, keep_existing, highest_quality or manual");
  }
}
