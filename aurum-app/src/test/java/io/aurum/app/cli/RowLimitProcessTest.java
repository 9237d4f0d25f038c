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
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real CLI in a child JVM with a 256 MB heap fetches a CAISO answer made of valid rows the
 * dataset keeps, millions of them, a few MB on the wire (the sandbox's {@code many_rows}): the task
 * fails permanently with the row cap's reason the moment the rows pass what the heap holds, never
 * dies of OutOfMemoryError, and leaves the published data as it was. The fixture lets 4 ISO
 * requests be in flight, so a 256 MB heap holds (256 − 64) MB / (4 × 2 × 160 bytes) = 157,286 rows
 * a request, below the configured 500,000.
 */
@Timeout(240)
class RowLimitProcessTest {
  private static final String HEAP_CAP =
      "holds more than 157286 rows, what a 256 MB heap holds for 4 request(s) in flight";

  @TempDir Path tmp;

  @Test
  void a_member_of_valid_rows_just_under_the_byte_limits_fails_at_the_row_cap() throws Exception {
    // 250 MB inflated, under the 256 MiB member limit: about 1.3 million kept rows.
    long peak =
        validCaisoRowsAt256m(
            250L << 20, null, HEAP_CAP + " (max_rows_per_request of caiso is 500000)");
    assertThat(peak).isLessThan(256L << 20);
  }

  @Test
  void with_every_byte_and_row_limit_raised_the_heap_still_caps_the_rows() throws Exception {
    // 3 GiB inflated, about 16 million kept rows, 100 MB of heap each million: only the heap's
    // share stands between them and an OutOfMemoryError.
    String limits =
        """
        {"upstreams": {"caiso": {"max_body_bytes": 4294967296, "max_member_bytes": 4294967296,
                                 "max_rows_per_request": 50000000}}}
        """;
    long peak =
        validCaisoRowsAt256m(
            3L << 30, limits, HEAP_CAP + " (max_rows_per_request of caiso is 50000000)");
    assertThat(peak).isLessThan(256L << 20);
  }

  /**
   * Publishes a CAISO day, serves {@code bytes} of valid rows, backfills the next day in a child
   * JVM at -Xmx256m: the task fails permanently with {@code reason}, no OutOfMemoryError, published
   * data unchanged. Returns the child's peak heap in use before a collection (its GC log).
   */
  long validCaisoRowsAt256m(long bytes, String limitsJson, String reason) throws Exception {
    try (CliFixture fx = new CliFixture(tmp, false, 1000, 4)) {
      if (limitsJson != null) {
        Files.writeString(fx.config.resolve("upstream_limits.json"), limitsJson);
      }
      AurumCli.Result first =
          AurumCli.run(fx.env(), HostileUpstreamCliContractTest.caisoDay("2024-06-11"));
      assertThat(first.exit()).as(first.all()).isZero();
      var before = DbSnapshot.of(fx.jdbcUrl());
      assertThat(before.get("observations")).isPositive();

      fx.sandbox.faults("caiso").manyRows(bytes);
      Path gcLog = tmp.resolve("gc.log");
      try (AurumProcess run =
          CappedHeap.start(
              tmp.resolve("proc"),
              fx.env(),
              gcLog,
              HostileUpstreamCliContractTest.caisoDay("2024-06-12"))) {
        assertThat(run.process().waitFor(200, TimeUnit.SECONDS)).as(run.output()).isTrue();
        String out = run.output();
        assertThat(out).contains("Picked up JAVA_TOOL_OPTIONS: -Xmx256m");
        assertThat(out).doesNotContain("OutOfMemoryError");
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
        assertThat(failed.get(0).lastError())
            .contains(reason, "narrow the window", "--max-memory", "not retried")
            .doesNotContain("\n");
      }
      var after = DbSnapshot.of(fx.jdbcUrl());
      for (String published : new String[] {"partition_versions", "heads", "observations"}) {
        assertThat(after.get(published)).as(published).isEqualTo(before.get(published));
      }
      long peak = CappedHeap.peakHeap(gcLog);
      System.out.printf(
          "row cap at -Xmx256m, %d MB of rows served: peak heap before a collection %d MB%n",
          bytes >> 20, peak >> 20);
      return peak;
    }
  }
}
