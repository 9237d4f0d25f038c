package io.aurum.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.aurum.core.model.Operation;
import io.aurum.core.model.OperationSpec;
import io.aurum.core.model.OperationType;
import io.aurum.core.model.Priority;
import io.aurum.core.model.SourceId;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The resume hint of a paused or failed run names the verb that resumes that operation. */
class ReplayAndReprocessResumeHintTest {
  private static Operation op(String id, OperationType type) {
    LocalDate day = LocalDate.of(2024, 1, 2);
    OperationSpec spec =
        new OperationSpec(
            SourceId.EIA, day, day, List.of(), 1, 1, 0, null, 1.0, true, "latest_wins", null);
    return Operation.planned(
        id, type, spec, Priority.NORMAL, "why", "me", Instant.parse("2024-01-03T00:00:00Z"));
  }

  @Test
  void replay_and_reprocess_are_resumed_with_aurum_resume_never_backfill_resume() {
    assertThat(StatusView.resumeCommand(op("REPLAY_20240102_EIA", OperationType.REPLAY)))
        .isEqualTo("aurum resume --job-id REPLAY_20240102_EIA");
    assertThat(StatusView.resumeCommand(op("PARTIAL_20240102_EIA_10-12", OperationType.PARTIAL)))
        .isEqualTo("aurum resume --job-id PARTIAL_20240102_EIA_10-12");
    assertThat(StatusView.resumeCommand(op("BACKFILL_20240102_EIA", OperationType.BACKFILL)))
        .isEqualTo("aurum backfill --resume --job-id BACKFILL_20240102_EIA");
  }
}
