package io.aurum.app.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.aurum.app.testing.TestConfig;
import io.aurum.core.config.AurumConfig;
import io.aurum.core.engine.EngineListener;
import io.aurum.core.engine.LiveProgress;
import io.aurum.core.engine.OperationRunner;
import io.aurum.core.model.Head;
import io.aurum.core.model.Observation;
import io.aurum.core.model.Operation;
import io.aurum.core.model.OperationSpec;
import io.aurum.core.model.OperationState;
import io.aurum.core.model.OperationType;
import io.aurum.core.model.Priority;
import io.aurum.core.model.SourceId;
import io.aurum.core.ops.OperationIds;
import io.aurum.core.ops.OperationService;
import io.aurum.core.port.Connector;
import io.aurum.core.port.FetchContext;
import io.aurum.store.JdbcStore;
import io.aurum.store.testing.InProcessConnector;
import io.aurum.store.testing.StoreFixtures;
import io.aurum.store.testing.TestDatabase;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The engine's share of issue 21's per-source caps: two workers' shared runs of one operation, each
 * on its own store (its own connection pool, as two processes) on one PostgreSQL schema, each at
 * concurrency 4, never fetch more than the source's {@code max_concurrency} windows at once
 * together. Each keeps its own count of 2 as well, so without the slots shared in the database they
 * would reach 4.
 */
class PostgresSharedFetchSlotsTest {
  static final int CAP = 2;

  @TempDir Path tmp;
  TestDatabase db;
  JdbcStore one;
  JdbcStore two;
  AurumConfig config;

  /** The one upstream both "processes" talk to: it counts the fetches in flight at once. */
  final AtomicInteger inFlight = new AtomicInteger();

  final AtomicInteger most = new AtomicInteger();
  final AtomicInteger fetches = new AtomicInteger();

  @BeforeEach
  void setUp() {
    db = StoreFixtures.postgres();
    one = db.open();
    two = db.open();
    // EIA at 1,000 requests/s: paced in each process, only the fetch slots are shared.
    config = AurumConfig.load(TestConfig.write(tmp.resolve("config"), 1000, CAP));
  }

  @AfterEach
  void tearDown() {
    one.close();
    two.close();
    db.close();
  }

  /** An upstream taking 20 ms a request, with the in-process connector's rows. */
  Connector slowUpstream() {
    InProcessConnector rows = new InProcessConnector();
    return new Connector() {
      @Override
      public SourceId source() {
        return SourceId.EIA;
      }

      @Override
      public void fetch(FetchRequest request, FetchContext context, Consumer<Observation> sink) {
        context.beforeRequest();
        most.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
        fetches.incrementAndGet();
        try {
          Thread.sleep(20);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        } finally {
          inFlight.decrementAndGet();
        }
        // The request was counted above: the rows come without a second one.
        rows.fetch(
            request,
            new FetchContext() {
              @Override
              public void beforeRequest() {}

              @Override
              public void afterResponse(long bytes) {
                context.afterResponse(bytes);
              }
            },
            sink);
      }
    };
  }

  OperationRunner.Dependencies deps(JdbcStore store) {
    return new OperationRunner.Dependencies(
        store,
        Map.of(SourceId.EIA, slowUpstream()),
        config,
        Clock.systemUTC(),
        tmp.resolve("logs"),
        EngineListener.NONE);
  }

  @Test
  void two_processes_at_concurrency_4_fetch_at_most_max_concurrency_windows_at_once() {
    OperationService service = new OperationService(deps(one));
    LocalDate start = LocalDate.of(2024, 1, 1);
    LocalDate end = LocalDate.of(2024, 1, 30);
    OperationSpec spec =
        new OperationSpec(
            SourceId.EIA,
            start,
            end,
            List.of("ELEC.DEMAND"),
            CAP,
            1000,
            3,
            null,
            0.01,
            false,
            "latest_wins",
            null);
    Operation op =
        service.create(
            OperationType.BACKFILL,
            OperationIds.of(OperationType.BACKFILL, end, SourceId.EIA),
            spec,
            service.planner().plan(spec),
            Priority.NORMAL,
            "test",
            "tester");
    service.submit(op.id(), "tester");

    CompletableFuture<OperationRunner.Outcome> a =
        CompletableFuture.supplyAsync(
            () ->
                OperationRunner.runShared(
                    deps(one), new LiveProgress(), "worker-a", op.id(), 4, () -> false));
    CompletableFuture<OperationRunner.Outcome> b =
        CompletableFuture.supplyAsync(
            () ->
                OperationRunner.runShared(
                    deps(two), new LiveProgress(), "worker-b", op.id(), 4, () -> false));
    CompletableFuture.allOf(a, b).orTimeout(120, TimeUnit.SECONDS).join();

    assertThat(List.of(a.join(), b.join())).contains(OperationRunner.Outcome.SUCCEEDED);
    assertThat(one.operations().find(op.id()).orElseThrow().state())
        .isEqualTo(OperationState.SUCCEEDED);
    assertThat(one.versions().heads(SourceId.EIA, "ELEC.DEMAND", start, end))
        .hasSize(30)
        .allMatch(Head::complete);
    assertThat(fetches.get()).isGreaterThanOrEqualTo(30);
    assertThat(most.get()).as("fetches in flight at once, both processes together").isEqualTo(CAP);
    assertThat(db.count("SELECT count(*) FROM fetch_slots WHERE ticket IS NOT NULL"))
        .as("every slot freed")
        .isZero();
  }
}
