package io.aurum.app.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.aurum.app.testing.TestConfig;
import io.aurum.core.config.AurumConfig;
import io.aurum.core.engine.EngineListener;
import io.aurum.core.engine.LiveProgress;
import io.aurum.core.engine.OperationRunner;
import io.aurum.core.error.UpstreamException;
import io.aurum.core.fetch.RequestShape;
import io.aurum.core.model.Head;
import io.aurum.core.model.Operation;
import io.aurum.core.model.OperationSpec;
import io.aurum.core.model.OperationState;
import io.aurum.core.model.OperationType;
import io.aurum.core.model.Priority;
import io.aurum.core.model.SourceId;
import io.aurum.core.model.TaskState;
import io.aurum.core.ops.OperationIds;
import io.aurum.core.ops.OperationService;
import io.aurum.core.plan.Planner;
import io.aurum.core.port.Store;
import io.aurum.store.testing.InProcessConnector;
import io.aurum.store.testing.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The engine against a real store, with an in-process upstream; run on SQLite and PostgreSQL. */
abstract class EngineContractTest {
  @TempDir Path tmp;
  TestDatabase db;
  Store store;
  InProcessConnector upstream;
  OperationService service;
  AurumConfig config;

  abstract TestDatabase database(Path tmp);

  @BeforeEach
  void setUp() {
    db = database(tmp);
    store = db.open();
    upstream = new InProcessConnector();
    config = AurumConfig.load(TestConfig.write(tmp.resolve("config"), 1000, 8));
    service =
        new OperationService(
            new OperationRunner.Dependencies(
                store,
                Map.of(SourceId.EIA, upstream),
                config,
                Clock.systemUTC(),
                tmp.resolve("logs"),
                EngineListener.NONE));
  }

  @AfterEach
  void tearDown() {
    store.close();
    db.close();
  }

  OperationSpec spec(LocalDate start, LocalDate end, boolean force) {
    return new OperationSpec(
        SourceId.EIA,
        start,
        end,
        List.of("ELEC.DEMAND"),
        4,
        1000,
        3,
        null,
        0.01,
        force,
        "latest_wins",
        null);
  }

  Operation create(OperationSpec spec) {
    Planner.Plan plan = service.planner().plan(spec);
    return service.create(
        OperationType.BACKFILL,
        OperationIds.of(OperationType.BACKFILL, spec.endDate(), SourceId.EIA),
        spec,
        plan,
        Priority.NORMAL,
        "test",
        "tester");
  }

  /** EIA-like pages: 5,000 rows a query, one page a window. */
  static final RequestShape PAGES = new RequestShape(5000, false, 0, 1, RequestShape.Span.ANY);

  @Test
  void a_backfill_fetches_windows_and_publishes_every_partition_on_its_own() {
    upstream.shape = PAGES;
    // 5 series x 24 h = 120 rows a day: windows of 41 days (4,920 rows). 91 days: 41 + 41 + 9.
    OperationSpec spec = spec(LocalDate.of(2024, 1, 1), LocalDate.of(2024, 3, 31), false);
    Planner.Plan plan = service.planner().plan(spec);
    assertThat(plan.requests()).isEqualTo(3);
    assertThat(plan.windows()).isEqualTo(3);
    Operation op = create(spec);
    assertThat(service.start(op.id(), "tester", new LiveProgress()))
        .isEqualTo(OperationRunner.Outcome.SUCCEEDED);
    assertThat(upstream.requests.get()).isEqualTo(3);
    List<Head> heads =
        store.versions().heads(SourceId.EIA, "ELEC.DEMAND", spec.startDate(), spec.endDate());
    assertThat(heads).hasSize(91).allMatch(Head::complete);
    assertThat(
            heads.stream()
                .filter(h -> h.partition().period().equals(LocalDate.of(2024, 3, 10)))
                .findFirst()
                .orElseThrow()
                .recordCount())
        .isEqualTo(5 * 23);
    // One version per partition, the window's requests counted once.
    assertThat(store.tasks().list(op.id(), java.util.Set.of()))
        .hasSize(91)
        .allMatch(t -> t.state() == TaskState.SUCCEEDED);
    assertThat(store.operations().progress(op.id()).counters().apiCalls()).isEqualTo(3);
  }

  @Test
  void datasets_one_request_combines_share_windows_and_are_published_apart() {
    upstream.shape = PAGES;
    upstream.combine = true;
    // ELEC.DEMAND and ELEC.GEN: 10 series, 240 rows a day together: 20 days (4,800 rows) a
    // window. January: 20 + 11 days, 2 requests for 62 partitions.
    OperationSpec one = spec(LocalDate.of(2024, 1, 1), LocalDate.of(2024, 1, 31), false);
    OperationSpec spec =
        new OperationSpec(
            one.source(),
            one.startDate(),
            one.endDate(),
            List.of("ELEC.DEMAND", "ELEC.GEN"),
            one.concurrency(),
            one.batchSize(),
            one.maxRetries(),
            null,
            one.retryBackoffSeconds(),
            false,
            "latest_wins",
            null);
    assertThat(service.planner().plan(spec).requests()).isEqualTo(2);
    Operation op = create(spec);
    assertThat(service.start(op.id(), "tester", new LiveProgress()))
        .isEqualTo(OperationRunner.Outcome.SUCCEEDED);
    assertThat(upstream.requests.get()).isEqualTo(2);
    for (String d : List.of("ELEC.DEMAND", "ELEC.GEN")) {
      assertThat(store.versions().heads(SourceId.EIA, d, spec.startDate(), spec.endDate()))
          .hasSize(31)
          .allMatch(h -> h.complete() && h.recordCount() == 5 * 24);
    }
  }

  @Test
  void a_poisoned_day_is_isolated_by_halving_and_costs_a_few_requests() {
    upstream.shape = PAGES;
    upstream.poisoned.add(LocalDate.of(2024, 1, 17));
    Operation op = create(spec(LocalDate.of(2024, 1, 1), LocalDate.of(2024, 1, 31), false));
    assertThat(service.start(op.id(), "tester", new LiveProgress()))
        .isEqualTo(OperationRunner.Outcome.FAILED);
    // 1..31 fails; 1..15 ok, 16..31 fails; 16..23 fails, 24..31 ok; 16..19 fails, 20..23 ok;
    // 16..17 fails, 18..19 ok; 16 ok, 17 fails alone: 11 requests, not 31.
    assertThat(upstream.requests.get()).isEqualTo(11);
    assertThat(
            store
                .versions()
                .heads(
                    SourceId.EIA,
                    "ELEC.DEMAND",
                    LocalDate.of(2024, 1, 1),
                    LocalDate.of(2024, 1, 31)))
        .hasSize(30)
        .noneMatch(h -> h.partition().period().equals(LocalDate.of(2024, 1, 17)));
    assertThat(store.tasks().list(op.id(), java.util.Set.of(TaskState.FAILED)))
        .singleElement()
        .satisfies(t -> assertThat(t.partition().period()).isEqualTo(LocalDate.of(2024, 1, 17)));

    // Resumed once upstream serves the day: only the failed partition is fetched again.
    upstream.poisoned.clear();
    assertThat(service.resume(op.id(), "tester", new LiveProgress()))
        .isEqualTo(OperationRunner.Outcome.SUCCEEDED);
    assertThat(upstream.requests.get()).isEqualTo(12);
    assertThat(upstream.requestsPerPartition.get("eia/ELEC.DEMAND/2024-01-17").get()).isEqualTo(2);
  }

  @Test
  void three_month_backfill_publishes_every_partition_and_replans_nothing() {
    OperationSpec spec = spec(LocalDate.of(2024, 1, 1), LocalDate.of(2024, 3, 31), false);
    Operation op = create(spec);
    assertThat(service.start(op.id(), "tester", new LiveProgress()))
        .isEqualTo(OperationRunner.Outcome.SUCCEEDED);

    List<Head> heads =
        store.versions().heads(SourceId.EIA, "ELEC.DEMAND", spec.startDate(), spec.endDate());
    assertThat(heads).hasSize(91).allMatch(Head::complete);
    // 2024-03-10 is a 23-hour day in New York: 5 series x 23 hours.
    assertThat(
            heads.stream()
                .filter(h -> h.partition().period().equals(LocalDate.of(2024, 3, 10)))
                .findFirst()
                .orElseThrow()
                .recordCount())
        .isEqualTo(5 * 23);
    assertThat(upstream.requests.get()).isEqualTo(91);
    assertThat(store.operations().find(op.id()).orElseThrow().state())
        .isEqualTo(OperationState.SUCCEEDED);
    assertThat(store.operations().progress(op.id()).counters().records())
        .isEqualTo(heads.stream().mapToLong(Head::recordCount).sum());

    assertThat(service.planner().plan(spec).partitions()).isEmpty();
    assertThat(service.planner().plan(spec(spec.startDate(), spec.endDate(), true)).partitions())
        .hasSize(91);
  }

  @Test
  void retryable_errors_are_retried_and_permanent_ones_fail_into_the_failure_log()
      throws Exception {
    upstream.scriptedFailures.add(UpstreamException.retryable("503 from upstream", 503));
    upstream.scriptedFailures.add(
        UpstreamException.throttled("429 from upstream", 429, Duration.ofMillis(50)));
    Operation op = create(spec(LocalDate.of(2024, 1, 1), LocalDate.of(2024, 1, 3), false));
    assertThat(service.start(op.id(), "tester", new LiveProgress()))
        .isEqualTo(OperationRunner.Outcome.SUCCEEDED);
    assertThat(store.operations().progress(op.id()).counters().retries()).isEqualTo(2);

    for (int i = 0; i < 4; i++) {
      upstream.scriptedFailures.add(UpstreamException.permanent("400 bad request", 400));
    }
    Operation second = create(spec(LocalDate.of(2024, 2, 1), LocalDate.of(2024, 2, 2), false));
    assertThat(service.start(second.id(), "tester", new LiveProgress()))
        .isEqualTo(OperationRunner.Outcome.FAILED);
    assertThat(store.tasks().list(second.id(), java.util.Set.of(TaskState.FAILED)))
        .hasSize(2)
        .allMatch(t -> t.attempts() == 1 && t.lastError().contains("400"));
    Path log;
    try (var files = Files.list(tmp.resolve("logs"))) {
      log =
          files
              .filter(f -> f.getFileName().toString().startsWith("failed_records_"))
              .findFirst()
              .orElseThrow();
    }
    assertThat(Files.readString(log))
        .contains("2024-02-01", "2024-02-02", "400 bad request", second.id());
  }

  @Test
  void pause_from_another_thread_stops_claiming_and_resume_completes() throws Exception {
    Operation op = create(spec(LocalDate.of(2023, 1, 1), LocalDate.of(2023, 12, 31), false));
    CompletableFuture<OperationRunner.Outcome> run =
        CompletableFuture.supplyAsync(() -> service.start(op.id(), "tester", new LiveProgress()));
    while (upstream.requests.get() < 20) {
      Thread.onSpinWait();
    }
    service.pause(op.id(), "other");
    assertThat(run.get(30, TimeUnit.SECONDS)).isEqualTo(OperationRunner.Outcome.PAUSED);
    int atPause = upstream.requests.get();
    assertThat(atPause).isLessThan(365);
    assertThat(store.tasks().list(op.id(), java.util.Set.of(TaskState.RUNNING))).isEmpty();

    assertThat(service.resume(op.id(), "tester", new LiveProgress()))
        .isEqualTo(OperationRunner.Outcome.SUCCEEDED);
    assertThat(upstream.requests.get()).isEqualTo(365);
    assertThat(upstream.requestsPerPartition.values()).allMatch(n -> n.get() == 1);
  }

  @Test
  void a_pause_stops_a_window_at_its_next_page_and_resume_fetches_it_again() {
    upstream.shape = PAGES;
    upstream.pages = 3;
    Operation op = create(spec(LocalDate.of(2024, 1, 1), LocalDate.of(2024, 1, 31), false));
    upstream.afterFirstPage =
        () -> {
          upstream.afterFirstPage = () -> {};
          service.pause(op.id(), "other");
          try {
            // The runner rereads the operation every 100 ms.
            Thread.sleep(500);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        };
    assertThat(service.start(op.id(), "tester", new LiveProgress()))
        .isEqualTo(OperationRunner.Outcome.PAUSED);
    // The window stopped before its second page; its 31 tasks wait, their attempt given back.
    assertThat(upstream.requests.get()).isEqualTo(1);
    assertThat(store.tasks().list(op.id(), java.util.Set.of()))
        .hasSize(31)
        .allMatch(t -> t.state() == TaskState.PENDING && t.attempts() == 0);
    assertThat(
            store
                .versions()
                .heads(
                    SourceId.EIA,
                    "ELEC.DEMAND",
                    LocalDate.of(2024, 1, 1),
                    LocalDate.of(2024, 1, 31)))
        .isEmpty();

    assertThat(service.resume(op.id(), "tester", new LiveProgress()))
        .isEqualTo(OperationRunner.Outcome.SUCCEEDED);
    assertThat(upstream.requests.get()).isEqualTo(1 + 3);
    assertThat(
            store
                .versions()
                .heads(
                    SourceId.EIA,
                    "ELEC.DEMAND",
                    LocalDate.of(2024, 1, 1),
                    LocalDate.of(2024, 1, 31)))
        .hasSize(31);
  }

  @Test
  void a_moved_head_is_resolved_latest_wins_and_nothing_is_lost() {
    OperationSpec spec = spec(LocalDate.of(2024, 5, 1), LocalDate.of(2024, 5, 1), false);
    Operation first = create(spec);
    // A second live backfill over the partition is refused (issue 16); an operation of another
    // type goes through conflict resolution.
    OperationSpec forced = spec(spec.startDate(), spec.endDate(), true);
    Operation second =
        service.create(
            OperationType.REPLAY,
            OperationIds.of(OperationType.REPLAY, forced.endDate(), SourceId.EIA),
            forced,
            service.planner().plan(forced),
            Priority.NORMAL,
            "test",
            "tester");
    assertThat(second.id()).isNotEqualTo(first.id());
    service.start(first.id(), "tester", new LiveProgress());
    upstream.offset = 7;
    // The second operation planned against no head; the first has published one since.
    assertThat(service.start(second.id(), "tester", new LiveProgress()))
        .isEqualTo(OperationRunner.Outcome.SUCCEEDED);
    var key = new io.aurum.core.model.PartitionKey(SourceId.EIA, "ELEC.DEMAND", spec.startDate());
    assertThat(store.versions().versions(key))
        .extracting(v -> v.state().name())
        .containsExactly("SUPERSEDED", "PUBLISHED");
  }
}
