package io.aurum.core.usecase;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aurum.core.config.AurumConfig;
import io.aurum.core.error.AurumException;
import io.aurum.core.model.OperationType;
import io.aurum.core.model.SourceId;
import io.aurum.core.request.RequestRules;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@link Estimates}: a backfill or replay planned like the operation, then estimated. */
class EstimatesTest {
  private static final AurumConfig CONFIG =
      AurumConfig.load(Path.of("..", "config").toAbsolutePath().normalize());
  private static final Estimates ESTIMATES =
      new Estimates(
          new Backfills(CONFIG, Map.of(), src -> new RequestRules.Derived("key-" + src.cliName())));
  private static final LocalDate JAN1 = LocalDate.of(2024, 1, 1);
  private static final LocalDate JAN3 = LocalDate.of(2024, 1, 3);

  private static Estimates.Result of(OperationType type) {
    return ESTIMATES.of(
        type, SourceId.EIA, JAN1, JAN3, List.of("ELEC.DEMAND"), Tuning.DEFAULTS, null, null);
  }

  @Test
  void a_backfill_skips_covered_partitions_and_a_replay_rewrites_them_all() {
    Estimates.Result backfill = of(OperationType.BACKFILL);
    Estimates.Result replay = of(OperationType.REPLAY);
    assertThat(backfill.spec().force()).isFalse();
    assertThat(replay.spec().force()).isTrue();
    assertThat(backfill.estimate().type()).isEqualTo(OperationType.BACKFILL);
    assertThat(replay.estimate().type()).isEqualTo(OperationType.REPLAY);
  }

  @Test
  void the_estimate_follows_the_plan() {
    Estimates.Result r = of(OperationType.BACKFILL);
    assertThat(r.spec().datasets()).containsExactly("ELEC.DEMAND");
    assertThat(r.plan().partitions()).hasSize(3);
    assertThat(r.estimate().partitions()).isEqualTo(r.plan().partitions().size());
    assertThat(r.estimate().apiCalls()).isEqualTo(r.plan().requests());
  }

  @Test
  void the_request_is_checked_like_the_operation_and_other_types_are_refused() {
    assertThatThrownBy(
            () ->
                ESTIMATES.of(
                    OperationType.BACKFILL,
                    SourceId.EIA,
                    JAN3,
                    JAN1,
                    List.of(),
                    Tuning.DEFAULTS,
                    null,
                    null))
        .isInstanceOf(AurumException.BadInput.class);
    assertThatThrownBy(() -> of(OperationType.ROLLBACK))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
