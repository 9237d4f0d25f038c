package io.aurum.app.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.aurum.app.testing.TestConfig;
import io.aurum.core.config.AurumConfig;
import io.aurum.core.engine.EngineListener;
import io.aurum.core.engine.LiveProgress;
import io.aurum.core.engine.OperationRunner;
import io.aurum.core.model.Operation;
import io.aurum.core.model.OperationSpec;
import io.aurum.core.model.OperationType;
import io.aurum.core.model.Priority;
import io.aurum.core.model.SourceId;
import io.aurum.core.model.TaskState;
import io.aurum.core.ops.OperationService;
import io.aurum.core.plan.Planner;
import io.aurum.core.testing.MutableClock;
import io.aurum.store.JdbcStore;
import io.aurum.store.testing.InProcessConnector;
import io.aurum.store.testing.StoreFixtures;
import io.aurum.store.testing.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A backfill that needs more than a day's quota waits for the reset instead of failing: status
 * shows WAITING_FOR_QUOTA and when it resumes; moving the clock past midnight lets it finish.
 */
class QuotaWaitTest {
  @TempDir Path tmp;

  @Test
  void a_backfill_beyond_the_daily_quota_waits_for_the_reset_without_using_attempts()
      throws Exception {
    Path config = TestConfig.write(tmp.resolve("config"), 1000, 1);
    Path quotas = config.resolve("data_source_quotas.json");
    Files.writeString(
        quotas,
        Files.readString(quotas)
            .replace(
                "\"eia\":  {\"limits\": [{\"requests\": 1000, \"period\": \"PT1S\"}], \"max_concurrency\": 1",
                "\"eia\":  {\"limits\": [{\"requests\": 1000, \"period\": \"PT1S\"}, {\"requests\": 25, \"period\": \"P1D\"}],"
                    + " \"max_concurrency\": 1"));
    AurumConfig cfg = AurumConfig.load(config);
    assertThat(cfg.quotas().get(SourceId.EIA).limits()).hasSize(2);
    MutableClock clock = new MutableClock(Instant.parse("2024-06-01T20:00:00Z"));
    InProcessConnector upstream = new InProcessConnector();
    try (TestDatabase db = StoreFixtures.sqlite(tmp);
        JdbcStore store = db.open()) {
      OperationService service =
          new OperationService(
              new OperationRunner.Dependencies(
                  store,
                  Map.of(SourceId.EIA, upstream),
                  cfg,
                  clock,
                  tmp.resolve("logs"),
                  EngineListener.NONE));
      OperationSpec spec =
          new OperationSpec(
              SourceId.EIA,
              LocalDate.of(2024, 1, 1),
              LocalDate.of(2024, 1, 30),
              List.of("ELEC.DEMAND"),
              1,
              1000,
              0,
              null,
              0.01,
              false,
              "latest_wins",
              io.aurum.core.model.BasicParams.NONE.withQuotaKey("k"));
      Planner.Plan plan = service.planner().plan(spec);
      // 25 a day, less the 20 % kept for routine ingestion: 20 a day for operations.
      assertThat(Planner.quotaDays(plan.requests(), cfg.quotas().get(SourceId.EIA), 0.8))
          .isEqualTo(2);
      Operation op =
          service.create(
              OperationType.BACKFILL,
              "BACKFILL_20240130_EIA",
              spec,
              plan,
              Priority.NORMAL,
              "t",
              "t");
      CompletableFuture<OperationRunner.Outcome> run =
          CompletableFuture.supplyAsync(() -> service.start(op.id(), "t", new LiveProgress()));

      Instant midnight = Instant.parse("2024-06-02T00:00:00Z");
      // Settled: every task left is deferred to the reset, so the runner claims nothing more.
      await()
          .atMost(30, TimeUnit.SECONDS)
          .until(
              () -> {
                var pending = store.tasks().list(op.id(), Set.of(TaskState.PENDING));
                return pending.size() == 10
                    && pending.stream().allMatch(t -> t.nextAttemptAt().equals(midnight));
              });
      Operation waiting = store.operations().find(op.id()).orElseThrow();
      assertThat(waiting.lastError()).startsWith("WAITING_FOR_QUOTA until 2024-06-02T00:00:00Z");
      assertThat(run).isNotDone();
      assertThat(store.tasks().list(op.id(), Set.of(TaskState.PENDING)))
          .hasSize(10)
          .allMatch(
              t ->
                  t.attempts() == 0
                      && t.nextAttemptAt().equals(Instant.parse("2024-06-02T00:00:00Z")));

      clock.set(Instant.parse("2024-06-02T00:00:01Z"));
      assertThat(run.get(30, TimeUnit.SECONDS)).isEqualTo(OperationRunner.Outcome.SUCCEEDED);
      assertThat(upstream.requests.get()).isEqualTo(30);
      assertThat(store.operations().find(op.id()).orElseThrow().lastError()).isNull();
    }
  }
}
