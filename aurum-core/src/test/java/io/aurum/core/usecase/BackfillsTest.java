package io.aurum.core.usecase;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aurum.core.config.AurumConfig;
import io.aurum.core.error.AurumException;
import io.aurum.core.model.BackfillParams;
import io.aurum.core.model.OperationSpec;
import io.aurum.core.model.OperationType;
import io.aurum.core.model.SourceId;
import io.aurum.core.request.Origin;
import io.aurum.core.request.RequestRules;
import io.aurum.core.testing.TestFlags;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The backfill use case on the shipped configuration: one validation for every origin, defaults
 * from operation_defaults.json, the memory budget fitted, derived fields recomputed, and the one
 * planner that plan, estimate and backfill share.
 */
class BackfillsTest {
  private static final AurumConfig CONFIG =
      AurumConfig.load(Path.of("..", "config").toAbsolutePath().normalize());
  private static final Backfills BACKFILLS =
      new Backfills(CONFIG, Map.of(), src -> new RequestRules.Derived("key-" + src.cliName()));
  private static final LocalDate JAN1 = LocalDate.of(2024, 1, 1);
  private static final LocalDate JAN3 = LocalDate.of(2024, 1, 3);

  private static BackfillRequest request(List<String> datasets, Tuning tuning, Origin origin) {
    return new BackfillRequest(
        SourceId.EIA, JAN1, JAN3, datasets, tuning, false, null, "why", null, origin);
  }

  @Test
  void defaults_come_from_the_configuration_and_the_quota_key_is_derived() {
    OperationSpec spec = BACKFILLS.prepare(BackfillRequest.of(SourceId.EIA, JAN1, JAN3)).spec();
    var d = CONFIG.defaults().of(OperationType.BACKFILL);
    assertThat(spec.concurrency())
        .isEqualTo(Math.min(d.concurrency(), CONFIG.quotas().get(SourceId.EIA).maxConcurrency()));
    assertThat(spec.batchSize()).isEqualTo(d.batchSize());
    assertThat(spec.rateLimit()).isNull();
    assertThat(spec.datasets())
        .containsExactlyElementsOf(
            CONFIG.catalog().select(SourceId.EIA, List.of()).stream().map(x -> x.name()).toList());
    assertThat(spec.params().quotaKey()).isEqualTo("key-eia");
  }

  @Test
  void datasets_named_twice_are_one_dataset() {
    OperationSpec spec =
        BACKFILLS
            .prepare(request(List.of("ELEC.DEMAND", "elec.demand"), Tuning.DEFAULTS, null))
            .spec();
    assertThat(spec.datasets()).containsExactly("ELEC.DEMAND");
  }

  @Test
  void a_limit_is_named_the_way_its_origin_wrote_it() {
    Tuning tooMany = new Tuning(100_000, null, null, null, null, null, null, null);
    assertThatThrownBy(() -> BACKFILLS.prepare(request(List.of(), tooMany, TestFlags.FLAGS)))
        .isInstanceOf(AurumException.BadInput.class)
        .hasMessageStartingWith("--concurrency 100000 is above");
    Origin file = field -> "plan.json:3:4: spec." + field;
    assertThatThrownBy(() -> BACKFILLS.prepare(request(List.of(), tooMany, file)))
        .hasMessageStartingWith("plan.json:3:4: spec.concurrency 100000");
  }

  @Test
  void dates_out_of_order_are_refused() {
    assertThatThrownBy(() -> BACKFILLS.prepare(BackfillRequest.of(SourceId.EIA, JAN3, JAN1)))
        .isInstanceOf(AurumException.BadInput.class)
        .hasMessageContaining("swap them");
  }

  @Test
  void a_memory_budget_lowers_concurrency_then_batch_and_says_so() {
    Tuning asked = new Tuning(3, 5000, null, null, null, null, 1L << 20, "1m");
    Tuning roomy = new Tuning(3, 5000, null, null, null, null, 64L << 30, "64g");
    assertThatThrownBy(() -> BACKFILLS.prepare(request(List.of(), asked, TestFlags.FLAGS)))
        .isInstanceOf(AurumException.BadInput.class)
        .hasMessageStartingWith("--max-memory is too small");
    Backfills.Prepared p = BACKFILLS.prepare(request(List.of(), roomy, TestFlags.FLAGS));
    assertThat(p.lowered()).isEmpty();
    assertThat(((BackfillParams) p.spec().params()).memoryBudget()).isEqualTo("64g");
    long tight =
        io.aurum.core.estimate.Estimator.peakMemory(
            1,
            5000,
            io.aurum.core.estimate.Estimator.largestPartitionRows(
                CONFIG.catalog().select(SourceId.EIA, List.of())));
    Backfills.Prepared lowered =
        BACKFILLS.prepare(
            request(
                List.of(),
                new Tuning(3, 5000, null, null, null, null, tight, "tight"),
                TestFlags.FLAGS));
    assertThat(lowered.spec().concurrency()).isEqualTo(1);
    assertThat(lowered.lowered()).get().extracting(Backfills.Lowered::toConcurrency).isEqualTo(1);
  }

  @Test
  void an_unknown_quality_profile_is_refused_before_anything_is_written() {
    BackfillRequest r =
        new BackfillRequest(
            SourceId.EIA, JAN1, JAN3, List.of(), null, false, null, null, "no-such", null);
    assertThatThrownBy(() -> BACKFILLS.prepare(r)).isInstanceOf(AurumException.class);
  }

  @Test
  void the_plan_without_a_store_fetches_every_partition_and_the_estimate_follows_it() {
    OperationSpec spec =
        BACKFILLS.prepare(request(List.of("ELEC.DEMAND"), Tuning.DEFAULTS, null)).spec();
    Backfills.Planned planned = BACKFILLS.plan(spec, null);
    assertThat(planned.plan().partitions()).hasSize(3);
    assertThat(planned.plan().alreadyCovered()).isZero();
    var estimate = BACKFILLS.estimate(planned, OperationType.BACKFILL);
    assertThat(estimate.partitions()).isEqualTo(3);
    assertThat(estimate.apiCalls()).isEqualTo(planned.plan().requests());
  }
}
