package io.aurum.app.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.aurum.app.testing.AurumCli;
import io.aurum.app.testing.AurumProcess;
import io.aurum.app.testing.CliFixture;
import io.aurum.core.model.OperationState;
import io.aurum.core.model.Task;
import io.aurum.core.model.TaskState;
import io.aurum.core.port.WorkerRepository;
import io.aurum.store.JdbcStore;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 21's "done when" for the workers: worker processes (child JVMs) on one PostgreSQL run a
 * submitted sandbox backfill; one is killed with kill -9 and its windows are reclaimed once its
 * lease expires, the export equals a one-process run and no partition is published twice; SIGTERM
 * drains a worker without pausing the operation.
 */
class WorkersProcessTest {
  static final String ID = "BACKFILL_20241231_EIA";

  /** 2023-2024 of ELEC.DEMAND: 731 days in 18 fetch windows (ProcessContractTest). */
  static final int DAYS = 731;

  static final int LEASE_SECONDS = 3;

  @TempDir Path tmp;
  CliFixture fx;
  final List<AurumProcess> workers = new ArrayList<>();

  @BeforeEach
  void setUp() {
    // 2 requests/s for EIA: the 18 windows take long enough to kill a worker in the middle.
    fx = new CliFixture(tmp.resolve("a"), true, 2, 4);
  }

  @AfterEach
  void tearDown() {
    workers.forEach(AurumProcess::close);
    fx.close();
  }

  private void submit() {
    AurumCli.Result r =
        fx.backfillEiaDemand("2023-01-01", "2024-12-31", "--concurrency", "4", "--submit");
    assertThat(r.exit()).as(r.all()).isZero();
    assertThat(r.out()).contains(ID + " DETACHED");
  }

  private AurumProcess worker() {
    AurumProcess w =
        AurumProcess.start(
            tmp.resolve("proc"),
            fx.env(),
            "worker",
            "--sources",
            "eia",
            "--concurrency",
            "2",
            "--lease-seconds",
            String.valueOf(LEASE_SECONDS));
    workers.add(w);
    return w;
  }

  private int succeeded() {
    try (JdbcStore store = fx.openStore()) {
      return store.operations().progress(ID).count(TaskState.SUCCEEDED);
    }
  }

  private OperationState state() {
    try (JdbcStore store = fx.openStore()) {
      return store.operations().find(ID).orElseThrow().state();
    }
  }

  private List<Task> running() {
    try (JdbcStore store = fx.openStore()) {
      return store.tasks().list(ID, Set.of(TaskState.RUNNING));
    }
  }

  private List<WorkerRepository.Worker> live() {
    try (JdbcStore store = fx.openStore()) {
      return store.workers().live(java.time.Instant.now().minusSeconds(LEASE_SECONDS * 3L));
    }
  }

  private int registered() {
    try (JdbcStore store = fx.openStore()) {
      return store.workers().live(java.time.Instant.now().minusSeconds(120)).size();
    }
  }

  /** Each partition of the backfill was published exactly once. */
  private void assertPublishedOnce() {
    assertThat(
            fx.db.count(
                "SELECT COUNT(*) FROM partition_versions WHERE operation_id = '"
                    + ID
                    + "' AND published_at IS NOT NULL"))
        .isEqualTo(DAYS);
    assertThat(
            fx.db.count(
                "SELECT COUNT(DISTINCT period) FROM partition_versions WHERE operation_id = '"
                    + ID
                    + "' AND published_at IS NOT NULL"))
        .isEqualTo(DAYS);
  }

  @Test
  void three_workers_survive_a_kill_9_publish_each_partition_once_and_match_a_one_process_run()
      throws Exception {
    submit();
    for (int i = 0; i < 3; i++) {
      worker();
    }
    // Three JVMs starting at once on a busy machine: registered, whatever their first beats.
    await().atMost(120, TimeUnit.SECONDS).until(() -> registered() == 3);
    // Three windows published, and some worker holds a window now: that one is killed.
    await().atMost(60, TimeUnit.SECONDS).until(() -> succeeded() >= 3 * 41 && !running().isEmpty());
    Map<String, List<Long>> held =
        running().stream()
            .collect(
                Collectors.groupingBy(
                    Task::leaseOwner, Collectors.mapping(Task::id, Collectors.toList())));
    String victimId = held.keySet().iterator().next();
    long victimPid =
        live().stream().filter(w -> w.id().equals(victimId)).findFirst().orElseThrow().pid();
    AurumProcess victim =
        workers.stream().filter(w -> w.process().pid() == victimPid).findFirst().orElseThrow();
    List<Long> victimTasks = held.get(victimId);
    victim.kill9();

    // Its windows go to the others once its lease expires (the surviving workers reclaim them).
    await()
        .atMost(LEASE_SECONDS + 30, TimeUnit.SECONDS)
        .until(
            () -> {
              try (JdbcStore store = fx.openStore()) {
                return victimTasks.stream()
                    .map(t -> store.tasks().find(t).orElseThrow())
                    .noneMatch(
                        t -> t.state() == TaskState.RUNNING && victimId.equals(t.leaseOwner()));
              }
            });
    await().atMost(180, TimeUnit.SECONDS).until(() -> state() == OperationState.SUCCEEDED);
    assertThat(succeeded()).isEqualTo(DAYS);
    assertPublishedOnce();
    // The dead worker drops out of the list; the two others are there.
    await().atMost(30, TimeUnit.SECONDS).until(() -> live().size() == 2);
    assertThat(live()).extracting(WorkerRepository.Worker::id).doesNotContain(victimId);

    // The export equals an uninterrupted run of one process.
    try (CliFixture clean = new CliFixture(tmp.resolve("b"), false, 1000, 8)) {
      assertThat(clean.backfillEiaDemand("2023-01-01", "2024-12-31").exit()).isZero();
      String[] export = {
        "export",
        "--source",
        "eia",
        "--datasets",
        "ELEC.DEMAND",
        "--date-range",
        "2023-01-01:2024-12-31"
      };
      String workersExport = AurumCli.run(fx.env(), export).out();
      assertThat(workersExport.lines().count()).isEqualTo(1 + 5L * DAYS * 24);
      assertThat(workersExport).isEqualTo(AurumCli.run(clean.env(), export).out());
    }
  }

  @Test
  void sigterm_drains_a_worker_without_pausing_the_operation_and_another_finishes_it()
      throws Exception {
    submit();
    AurumProcess first = worker();
    await().atMost(60, TimeUnit.SECONDS).until(() -> succeeded() >= 2 * 41);
    first.process().destroy(); // SIGTERM
    assertThat(first.process().waitFor(30, TimeUnit.SECONDS)).as(first.output()).isTrue();
    assertThat(first.process().exitValue()).as(first.output()).isZero();
    assertThat(first.output()).contains("drained");
    // Its claims went back, the operation still runs (not paused), and it left the list.
    assertThat(running()).isEmpty();
    assertThat(state()).isEqualTo(OperationState.RUNNING);
    assertThat(live()).isEmpty();
    int atDrain = succeeded();
    assertThat(atDrain).isLessThan(DAYS);

    worker();
    await().atMost(90, TimeUnit.SECONDS).until(() -> state() == OperationState.SUCCEEDED);
    assertThat(succeeded()).isEqualTo(DAYS);
    assertPublishedOnce();
  }

  @Test
  void a_worker_leaves_a_low_priority_operation_for_a_high_priority_one_submitted_later()
      throws Exception {
    AurumCli.Result low =
        fx.backfillEiaDemand(
            "2023-01-01", "2024-12-31", "--concurrency", "4", "--priority", "low", "--submit");
    assertThat(low.exit()).as(low.all()).isZero();
    worker();
    await().atMost(60, TimeUnit.SECONDS).until(() -> succeeded() >= 41);
    String high = "BACKFILL_20240630_EIA";
    AurumCli.Result sub =
        AurumCli.run(
            fx.env(),
            "backfill",
            "--source",
            "eia",
            "--datasets",
            "ELEC.GEN",
            "--start-date",
            "2024-06-01",
            "--end-date",
            "2024-06-30",
            "--priority",
            "high",
            "--submit");
    assertThat(sub.exit()).as(sub.all()).isZero();
    assertThat(sub.out()).contains(high + " DETACHED");
    await()
        .atMost(60, TimeUnit.SECONDS)
        .until(
            () -> {
              try (JdbcStore store = fx.openStore()) {
                return store.operations().find(high).orElseThrow().state()
                    == OperationState.SUCCEEDED;
              }
            });
    // The high-priority backfill ended while the low one still had windows left.
    assertThat(state()).isEqualTo(OperationState.RUNNING);
    assertThat(succeeded()).isLessThan(DAYS);
    await().atMost(90, TimeUnit.SECONDS).until(() -> state() == OperationState.SUCCEEDED);
    assertPublishedOnce();
  }
}
