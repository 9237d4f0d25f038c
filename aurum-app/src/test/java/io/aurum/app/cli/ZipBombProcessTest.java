package io.aurum.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.aurum.app.testing.AurumCli;
import io.aurum.app.testing.AurumProcess;
import io.aurum.app.testing.CappedHeap;
import io.aurum.app.testing.CliFixture;
import io.aurum.app.testing.DbSnapshot;
import io.aurum.core.model.Task;
import io.aurum.core.model.TaskState;
import io.aurum.store.JdbcStore;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real CLI in a child JVM with a 256 MB heap fetches a CAISO answer that is a 1 GiB ZIP bomb (a
 * few MB on the wire): with the default limits it fails the task permanently with the size-limit
 * reason after reading 256 MiB of the member as a stream, never dies of OutOfMemoryError, and
 * leaves the published data as it was.
 */
@Timeout(180)
class ZipBombProcessTest {
  @TempDir Path tmp;

  @Test
  void a_one_gib_zip_bomb_fails_the_task_at_the_member_limit_in_a_256_mb_heap() throws Exception {
    hostileCaisoAt256m(
        f -> f.zipBomb(1L << 30),
        "archive member",
        "is larger than 256 MiB (max_member_bytes of caiso): not retried");
  }

  @Test
  void a_two_gib_line_fails_the_task_at_the_line_limit_in_a_256_mb_heap() throws Exception {
    hostileCaisoAt256m(
        f -> f.hugeLine(2L << 30),
        "a line of archive member",
        "is longer than 1 MiB (max_line_bytes of caiso): not retried");
  }

  /**
   * Publishes a CAISO day, turns the fault on, backfills the next day in a child JVM at -Xmx256m:
   * the task fails permanently with {@code reason}, no OutOfMemoryError, published data unchanged.
   */
  void hostileCaisoAt256m(
      java.util.function.Consumer<io.aurum.sandbox.Faults> fault, String what, String reason)
      throws Exception {
    try (CliFixture fx = new CliFixture(tmp, false, 1000, 4)) {
      AurumCli.Result first =
          AurumCli.run(fx.env(), HostileUpstreamCliContractTest.caisoDay("2024-06-11"));
      assertThat(first.exit()).as(first.all()).isZero();
      var before = DbSnapshot.of(fx.jdbcUrl());
      assertThat(before.get("observations")).isPositive();

      fault.accept(fx.sandbox.faults("caiso"));
      try (AurumProcess run =
          CappedHeap.start(
              tmp.resolve("proc"),
              fx.env(),
              null,
              HostileUpstreamCliContractTest.caisoDay("2024-06-12"))) {
        assertThat(run.process().waitFor(150, TimeUnit.SECONDS)).as(run.output()).isTrue();
        String out = run.output();
        assertThat(out).contains("Picked up JAVA_TOOL_OPTIONS: -Xmx256m");
        assertThat(out).doesNotContain("OutOfMemoryError", "NegativeArraySizeException");
        assertThat(run.process().exitValue()).as(out).isEqualTo(1);
        assertThat(out)
            .contains("BACKFILL_20240612_ISO FAILED: 0/1 tasks succeeded, 1 failed")
            .contains("0 retries")
            .contains(reason);
      }
      try (JdbcStore store = fx.openStore()) {
        List<Task> failed = store.tasks().list("BACKFILL_20240612_ISO", Set.of(TaskState.FAILED));
        assertThat(failed).hasSize(1);
        assertThat(failed.get(0).attempts()).isEqualTo(1);
        assertThat(failed.get(0).lastError()).contains(what, reason);
      }
      var after = DbSnapshot.of(fx.jdbcUrl());
      for (String published : new String[] {"partition_versions", "heads", "observations"}) {
        assertThat(after.get(published)).as(published).isEqualTo(before.get(published));
      }
    }
  }
}
