package io.aurum.app.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.aurum.app.testing.AurumCli;
import io.aurum.app.testing.AurumProcess;
import io.aurum.app.testing.CliFixture;
import io.aurum.core.model.OperationState;
import io.aurum.core.model.TaskState;
import io.aurum.store.JdbcStore;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code aurum emergency stop --all} in this JVM pauses a backfill running in a child JVM, which
 * reads the stop from the store at its next claim cycle; {@code emergency release} resumes it here.
 */
abstract class EmergencyProcessContractTest {
  static final String ID = "BACKFILL_20241231_EIA";
  static final int DAYS = 731;
  static final int WINDOWS = 18;
  @TempDir Path tmp;
  CliFixture fx;

  abstract boolean postgres();

  @BeforeEach
  void setUp() {
    // 2 requests/s: the 18-window run lasts about 11 s, long enough to stop.
    fx = new CliFixture(tmp.resolve("a"), postgres(), 2, 4);
  }

  @AfterEach
  void tearDown() {
    fx.close();
  }

  int succeeded() {
    try (JdbcStore store = fx.openStore()) {
      return store.operations().find(ID).isEmpty()
          ? 0
          : store.operations().progress(ID).count(TaskState.SUCCEEDED);
    }
  }

  @Test
  void a_stop_declared_here_pauses_a_backfill_in_another_process_and_release_resumes_it()
      throws Exception {
    long requestsAtExit;
    try (AurumProcess run =
        AurumProcess.start(
            tmp.resolve("proc"),
            fx.env(),
            "backfill",
            "--source",
            "eia",
            "--datasets",
            "ELEC.DEMAND",
            "--start-date",
            "2023-01-01",
            "--end-date",
            "2024-12-31",
            "--concurrency",
            "4")) {
      await().atMost(60, TimeUnit.SECONDS).until(() -> succeeded() >= 2 * 41);
      var stop =
          AurumCli.run(
              fx.env(), "emergency", "stop", "--all", "--reason", "Data corruption detected");
      assertThat(stop.exit()).as(stop.all()).isZero();
      assertThat(stop.out()).contains(ID);
      long atStop = fx.sandbox.stats("eia").requests();
      assertThat(run.process().waitFor(30, TimeUnit.SECONDS)).isTrue();
      assertThat(run.process().exitValue()).as(run.output()).isZero();
      assertThat(run.output()).contains("paused");
      requestsAtExit = fx.sandbox.stats("eia").requests();
      // Only requests already in flight (concurrency 4) could still be sent.
      assertThat(requestsAtExit - atStop).isLessThanOrEqualTo(4);
    }
    try (JdbcStore store = fx.openStore()) {
      assertThat(store.operations().find(ID).orElseThrow().state())
          .isEqualTo(OperationState.PAUSED);
      assertThat(store.tasks().list(ID, Set.of(TaskState.RUNNING))).isEmpty();
    }
    assertThat(fx.sandbox.stats("eia").requests()).isEqualTo(requestsAtExit);

    var release = AurumCli.run(fx.env(), "emergency", "release", "--reason", "contained");
    assertThat(release.exit()).as(release.all()).isZero();
    assertThat(release.out()).contains(ID + " SUCCEEDED");
    assertThat(succeeded()).isEqualTo(DAYS);
    assertThat(fx.sandbox.stats("eia").requests()).isEqualTo(WINDOWS);
  }
}
