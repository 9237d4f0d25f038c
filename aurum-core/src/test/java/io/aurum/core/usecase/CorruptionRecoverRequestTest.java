package io.aurum.core.usecase;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aurum.core.error.AurumException;
import io.aurum.core.error.Vocabulary;
import io.aurum.core.model.PartitionKey;
import io.aurum.core.model.Priority;
import io.aurum.core.model.SourceId;
import io.aurum.core.usecase.CorruptionRecoverRequest.Method;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

class CorruptionRecoverRequestTest {
  static final LocalDate D1 = LocalDate.of(2024, 12, 20);
  static final LocalDate D2 = LocalDate.of(2024, 12, 24);
  static final List<PartitionKey> CORRUPTED =
      List.of(
          new PartitionKey(SourceId.EIA, "ELEC.DEMAND", D2),
          new PartitionKey(SourceId.EIA, "ELEC.GEN", D1));

  @Test
  void a_selective_replay_refetches_the_datasets_over_the_days_the_corruption_spans() {
    CorruptionRecoverRequest r =
        CorruptionRecoverRequest.parse(SourceId.EIA, "SELECTIVE_REPLAY", "2024-12-01:2024-12-31");

    ReplayRequest replay = r.replayOf(CORRUPTED, "drill");

    assertThat(r.method()).isEqualTo(Method.SELECTIVE_REPLAY);
    assertThat(replay.start()).isEqualTo(D1);
    assertThat(replay.end()).isEqualTo(D2);
    assertThat(replay.datasets()).containsExactly("ELEC.DEMAND", "ELEC.GEN");
    assertThat(replay.priority()).isEqualTo(Priority.HIGH);
  }

  @Test
  void a_reprocess_refetches_the_whole_range_asked_and_a_rollback_refetches_nothing() {
    ReplayRequest whole =
        CorruptionRecoverRequest.parse(SourceId.EIA, "reprocess", "2024-12-01:2024-12-31")
            .replayOf(CORRUPTED, "drill");
    assertThat(whole.start()).isEqualTo(LocalDate.of(2024, 12, 1));
    assertThat(whole.end()).isEqualTo(LocalDate.of(2024, 12, 31));
    assertThat(CorruptionRecoverRequest.parse(SourceId.EIA, "rollback", null).refetches())
        .isFalse();
  }

  @Test
  void bad_methods_and_ranges_are_refused_in_concepts() {
    assertThatThrownBy(() -> CorruptionRecoverRequest.parse(SourceId.EIA, "magic", null))
        .isInstanceOf(AurumException.BadInput.class)
        .satisfies(
            e ->
                assertThat(((AurumException) e).message(Vocabulary.CONCEPTS))
                    .isEqualTo(
                        "unknown recovery method 'magic': use selective_replay, rollback or"
                            + " reprocess"));
    assertThatThrownBy(
            () -> CorruptionRecoverRequest.parse(SourceId.EIA, "rollback", "2024-12-31:2024-12-01"))
        .hasMessageContaining("the end 2024-12-01 is before the start 2024-12-31");
    assertThatThrownBy(() -> CorruptionRecoverRequest.parse(SourceId.EIA, "rollback", "2024-12"))
        .hasMessageContaining("is not START:END");
    assertThatThrownBy(
            () -> CorruptionRecoverRequest.parse(SourceId.EIA, "rollback", "x:2024-12-01"))
        .hasMessageContaining("the start 'x' is not YYYY-MM-DD");
  }
}
