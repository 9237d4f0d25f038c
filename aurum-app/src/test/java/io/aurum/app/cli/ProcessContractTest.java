package io.aurum.app.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.aurum.app.testing.AurumCli;
import io.aurum.app.testing.AurumProcess;
import io.aurum.app.testing.CliFixture;
import io.aurum.core.model.OperationState;
import io.aurum.core.model.Task;
import io.aurum.core.model.TaskState;
import io.aurum.store.JdbcStore;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Backfills in a child JVM, controlled from this one: kill -9 and resume, pause from a second
 * process, cancel --force and cleanup. The sandbox runs here and counts every upstream request.
 */
abstract class ProcessContractTest {
  static final String ID = "BACKFILL_20240430_EIA";
  @TempDir Path tmp;
  CliFixture fx;

  abstract boolean postgres();

  @BeforeEach
  void setUp() {
    // A quota of 20 requests/s (auto = 16/s) makes the 121-day run last long enough to interrupt.
    fx = new CliFixture(tmp.resolve("a"), postgres(), 20, 4);
  }

  @AfterEach
  void tearDown() {
    fx.close();
  }

  AurumProcess startBackfill(CliFixture f, String... extra) {
    String[] base = {
      "backfill",
      "--source",
      "eia",
      "--datasets",
      "ELEC.DEMAND",
      "--start-date",
      "2024-01-01",
      "--end-date",
      "2024-04-30",
      "--concurrency",
      "4",
      "--progress-interval",
      "1"
    };
    String[] args =
        java.util.stream.Stream.concat(
                java.util.Arrays.stream(base), java.util.Arrays.stream(extra))
            .toArray(String[]::new);
    return AurumProcess.start(tmp.resolve("proc"), f.env(), args);
  }

  List<Task> tasks(Set<TaskState> states) {
    try (JdbcStore store = fx.openStore()) {
      return store.tasks().list(ID, states);
    }
  }

  int succeeded() {
    try (JdbcStore store = fx.openStore()) {
      return store.operations().find(ID).isEmpty()
          ? 0
          : store.operations().progress(ID).count(TaskState.SUCCEEDED);
    }
  }

  @Test
  void kill_9_then_resume_completes_with_the_same_data_and_never_refetches_a_succeeded_partition()
      throws Exception {
    try (AurumProcess run = startBackfill(fx)) {
      await().atMost(60, TimeUnit.SECONDS).until(() -> succeeded() >= 30);
      run.kill9();
    }
    List<String> doneAtKill =
        tasks(Set.of(TaskState.SUCCEEDED)).stream()
            .map(t -> t.partition().period().toString())
            .toList();
    assertThat(doneAtKill).hasSizeGreaterThanOrEqualTo(30).hasSizeLessThan(121);

    // The dead runner's heartbeat goes stale after 3 s (test config); until then resume is refused.
    await()
        .atMost(30, TimeUnit.SECONDS)
        .pollInterval(Duration.ofMillis(500))
        .until(
            () -> {
              AurumCli.Result r = AurumCli.run(fx.env(), "backfill", "--resume", "--job-id", ID);
              assertThat(r.exit()).as(r.all()).isIn(0, 4);
              return r.exit() == 0;
            });
    try (JdbcStore store = fx.openStore()) {
      assertThat(store.operations().find(ID).orElseThrow().state())
          .isEqualTo(OperationState.SUCCEEDED);
      assertThat(store.operations().progress(ID).count(TaskState.SUCCEEDED)).isEqualTo(121);
    }
    var stats = fx.sandbox.stats("eia");
    for (String day : doneAtKill) {
      assertThat(stats.requestsStarting(day))
          .as("requests for %s, done before the kill", day)
          .isEqualTo(1);
    }
    // At most the in-flight and claimed-ahead tasks (2 x concurrency) were fetched twice.
    assertThat(stats.requests()).isBetween(121L, 121L + 8);

    // Same data as an uninterrupted run in another data directory.
    try (CliFixture clean = new CliFixture(tmp.resolve("b"), postgres(), 1000, 8)) {
      assertThat(
              AurumCli.run(
                      clean.env(),
                      "backfill",
                      "--source",
                      "eia",
                      "--datasets",
                      "ELEC.DEMAND",
                      "--start-date",
                      "2024-01-01",
                      "--end-date",
                      "2024-04-30")
                  .exit())
          .isZero();
      String[] export = {
        "export",
        "--source",
        "eia",
        "--datasets",
        "ELEC.DEMAND",
        "--date-range",
        "2024-01-01:2024-04-30"
      };
      String resumed = AurumCli.run(fx.env(), export).out();
      String uninterrupted = AurumCli.run(clean.env(), export).out();
      assertThat(resumed.lines().count()).isEqualTo(1 + 5 * (121 * 24 - 1));
      assertThat(resumed).isEqualTo(uninterrupted);
      try (JdbcStore a = fx.openStore();
          JdbcStore b = clean.openStore()) {
        var day =
            new io.aurum.core.model.PartitionKey(
                io.aurum.core.model.SourceId.EIA,
                "ELEC.DEMAND",
                java.time.LocalDate.of(2024, 3, 10));
        assertThat(a.versions().versions(day).get(0).checksum())
            .isEqualTo(b.versions().versions(day).get(0).checksum());
      }
    }
  }

  @Test
  void pause_from_a_second_process_drains_in_flight_work_and_resume_completes() throws Exception {
    long requestsAtExit;
    try (AurumProcess run = startBackfill(fx)) {
      await().atMost(60, TimeUnit.SECONDS).until(() -> succeeded() >= 20);
      var pause = AurumCli.run(fx.env(), "pause", "--job-id", ID);
      assertThat(pause.exit()).as(pause.all()).isZero();
      long atPause = fx.sandbox.stats("eia").requests();
      assertThat(run.process().waitFor(30, TimeUnit.SECONDS)).isTrue();
      assertThat(run.process().exitValue()).isZero();
      assertThat(run.output())
          .contains("paused; continue with: aurum backfill --resume --job-id " + ID);
      requestsAtExit = fx.sandbox.stats("eia").requests();
      // Only what was in flight (concurrency 4) and what started before the runner's next read
      // of the operation row (one 100 ms cycle at 16 requests/s: 2 more) could still go out.
      assertThat(requestsAtExit - atPause).isLessThanOrEqualTo(4 + 2);
    }
    assertThat(tasks(Set.of(TaskState.RUNNING))).isEmpty();
    assertThat(AurumCli.run(fx.env(), "pause", "--job-id", ID).exit()).isEqualTo(4);
    assertThat(fx.sandbox.stats("eia").requests()).isEqualTo(requestsAtExit);

    var resume = AurumCli.run(fx.env(), "resume", "--job-id", ID);
    assertThat(resume.exit()).as(resume.all()).isZero();
    assertThat(resume.out()).contains(ID + " SUCCEEDED: 121/121");
    assertThat(fx.sandbox.stats("eia").requests()).isEqualTo(121);
    assertThat(AurumCli.run(fx.env(), "backfill", "--resume", "--job-id", ID).exit()).isEqualTo(4);
  }

  @Test
  void cancel_force_stops_at_once_and_cleanup_leaves_no_staged_version() throws Exception {
    // A batch size below a partition's 120 rows makes every task stage its version in batches.
    try (AurumProcess run = startBackfill(fx, "--batch-size", "10")) {
      await().atMost(60, TimeUnit.SECONDS).until(() -> succeeded() >= 10);
      var cancel = AurumCli.run(fx.env(), "backfill", "--cancel", "--job-id", ID, "--force");
      assertThat(cancel.exit()).as(cancel.all()).isZero();
      assertThat(run.process().waitFor(10, TimeUnit.SECONDS)).isTrue();
      assertThat(run.process().exitValue()).isEqualTo(1);
      assertThat(run.output()).contains("cancelled");
    }
    long afterCancel = fx.sandbox.stats("eia").requests();
    assertThat(afterCancel).isLessThan(121);
    var cleanup = AurumCli.run(fx.env(), "cleanup", "--job-id", ID);
    assertThat(cleanup.exit()).as(cleanup.all()).isZero();
    try (JdbcStore store = fx.openStore()) {
      assertThat(store.versions().countStaged(ID)).isZero();
      assertThat(store.operations().find(ID).orElseThrow().state())
          .isEqualTo(OperationState.CANCELLED);
      assertThat(store.tasks().list(ID, Set.of(TaskState.PENDING, TaskState.RUNNING))).isEmpty();
    }
    assertThat(AurumCli.run(fx.env(), "resume", "--job-id", ID).exit()).isEqualTo(4);
    assertThat(fx.sandbox.stats("eia").requests()).isEqualTo(afterCancel);
  }
}
