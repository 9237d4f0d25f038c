package io.aurum.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.aurum.core.error.AurumException;
import io.aurum.core.error.NextStep;
import io.aurum.core.model.OperationState;
import io.aurum.core.model.OperationType;
import io.aurum.core.publish.PublishDecision;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Core says concepts; the command line's vocabulary turns them into what its user types. */
class CliVocabularyTest {
  private static final CliVocabulary CLI = CliVocabulary.INSTANCE;

  @Test
  void fields_are_flags() {
    assertThat(CLI.name("days")).isEqualTo("--days");
    assertThat(CLI.name("estimated_hours")).isEqualTo("--estimated-hours");
    assertThat(CLI.name("config_dir")).isEqualTo("--config-dir");
  }

  @Test
  void every_next_step_is_a_command_or_flag_the_user_types() {
    for (NextStep.Action a : NextStep.Action.values()) {
      assertThat(CLI.step(new NextStep(a, "X"))).as(a.name()).matches("(aurum [a-z]|--[a-z]).*");
    }
    assertThat(CLI.step(NextStep.resume("OP"))).isEqualTo("aurum resume --job-id OP");
    assertThat(CLI.step(NextStep.showStatus("OP"))).isEqualTo("aurum status --job-id OP");
    assertThat(CLI.step(NextStep.cleanUp("OP"))).isEqualTo("aurum cleanup --job-id OP");
    assertThat(CLI.step(NextStep.cascadeRollback("OP"))).isEqualTo("--cascade");
    assertThat(CLI.step(NextStep.purgeSuperseded())).isEqualTo("aurum cleanup --purge-superseded");
  }

  @Test
  void a_core_refusal_reads_in_flags_on_the_command_line_and_in_concepts_in_core() {
    AurumException e =
        PublishDecision.rollbackRefusal(
            "OP", OperationState.SUCCEEDED, OperationType.REPLAY, List.of("LATER"), false, null);
    assertThat(e.message(CLI)).endsWith("roll those back first, or add --cascade");
    assertThat(e.getMessage()).doesNotContain("--");
  }
}
