package io.aurum.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.aurum.app.testing.AurumCli;
import io.aurum.app.testing.CliFixture;
import io.aurum.app.testing.DbSnapshot;
import io.aurum.core.model.Operation;
import io.aurum.core.model.OperationState;
import io.aurum.core.model.SourceId;
import io.aurum.core.model.Task;
import io.aurum.core.model.TaskState;
import io.aurum.core.testing.MutableClock;
import io.aurum.store.JdbcStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A hostile upstream against a real backfill (sandbox fault injection over HTTP, real database): a
 * Retry-After beyond the cap opens the breaker and pauses the operation with one line saying why
 * and when to resume; a body that drips misses the configured deadline and is retried like a
 * timeout; a ZIP bomb fails its task permanently, with the size-limit reason, on the first request.
 */
@Timeout(120)
abstract class HostileUpstreamCliContractTest {
  static final String EIA_JOB = "BACKFILL_20240131_EIA";
  static final String ISO_JOB = "BACKFILL_20240612_ISO";
  static final String[] EIA_JANUARY = {
    "backfill",
    "--source",
    "eia",
    "--datasets",
    "ELEC.DEMAND",
    "--start-date",
    "2024-01-01",
    "--end-date",
    "2024-01-31",
    "--concurrency",
    "1"
  };

  @TempDir Path tmp;
  CliFixture fx;

  abstract boolean postgres();

  @BeforeEach
  void setUp() {
    fx = new CliFixture(tmp, postgres(), 1000, 8);
  }

  @AfterEach
  void tearDown() {
    fx.close();
  }

  void limits(String json) throws Exception {
    Files.writeString(fx.config.resolve("upstream_limits.json"), json);
  }

  @Test
  void a_retry_after_beyond_the_cap_opens_the_breaker_and_pauses_until_a_resume_after_the_hold()
      throws Exception {
    fx.sandbox.faults("eia").throttleNext(1, "Thu, 01 Jan 2099 00:00:00 GMT");
    MutableClock clock = new MutableClock(Instant.now());
    AurumCli.Result r = AurumCli.run(clock, fx.env(), EIA_JANUARY);
    assertThat(r.exit()).as(r.all()).isZero();
    assertThat(r.out())
        .contains(EIA_JOB + " PAUSED: 0/31 tasks succeeded")
        .contains("until 2099-01-01T00:00:00Z; Retry-After: Thu, 01 Jan 2099 00:00:00 GMT")
        .contains("more than the 15 min cap (max_retry_after_seconds of eia)")
        .contains("circuit breaker of eia opened and operation " + EIA_JOB + " paused")
        .contains("paused; resume it once that time has passed")
        .contains("paused; continue with: aurum backfill --resume --job-id " + EIA_JOB);
    assertThat(fx.sandbox.stats("eia").requests()).isEqualTo(1);
    try (JdbcStore store = fx.openStore()) {
      Operation op = store.operations().find(EIA_JOB).orElseThrow();
      assertThat(op.state()).isEqualTo(OperationState.PAUSED);
      assertThat(op.lastError()).contains("more than the 15 min cap").doesNotContain("\n");
      assertThat(store.quotaLedger().breaker(SourceId.EIA, keyId())).isPresent();
      // Nothing failed and no attempt was used: the tasks wait for the resume.
      assertThat(store.tasks().list(EIA_JOB, Set.of(TaskState.FAILED))).isEmpty();
      assertThat(store.tasks().list(EIA_JOB, Set.of(TaskState.PENDING)))
          .hasSize(31)
          .allSatisfy(t -> assertThat(t.attempts()).isZero());
    }
    // After the breaker's hold, one probe goes; the upstream answers, the backfill completes.
    clock.advance(Duration.ofSeconds(31));
    AurumCli.Result resumed =
        AurumCli.run(clock, fx.env(), "backfill", "--resume", "--job-id", EIA_JOB);
    assertThat(resumed.exit()).as(resumed.all()).isZero();
    assertThat(resumed.out()).contains(EIA_JOB + " SUCCEEDED: 31/31");
    try (JdbcStore store = fx.openStore()) {
      assertThat(store.quotaLedger().breaker(SourceId.EIA, keyId())).isEmpty();
    }
  }

  @Test
  void a_body_dripping_past_the_configured_deadline_is_retried_then_fails_with_the_reason()
      throws Exception {
    limits("{\"upstreams\": {\"eia\": {\"deadline_seconds\": 2}}}");
    fx.sandbox.faults("eia").dripBytesPerSecond(3);
    String[] once = java.util.Arrays.copyOf(EIA_JANUARY, EIA_JANUARY.length + 2);
    once[EIA_JANUARY.length] = "--max-retries";
    once[EIA_JANUARY.length + 1] = "1";
    AurumCli.Result r = AurumCli.run(fx.env(), once);
    assertThat(r.exit()).as(r.all()).isEqualTo(1);
    assertThat(r.out()).contains(EIA_JOB + " FAILED: 0/31 tasks succeeded, 31 failed", "1 retries");
    // Retried once (two requests), each ended by the deadline, not by the body's end.
    assertThat(fx.sandbox.stats("eia").requests()).isEqualTo(2);
    try (JdbcStore store = fx.openStore()) {
      List<Task> failed = store.tasks().list(EIA_JOB, Set.of(TaskState.FAILED));
      assertThat(failed).hasSize(31);
      assertThat(failed.get(0).lastError())
          .contains("gave up after 2 attempt(s): timed out after")
          .contains("the request's deadline is 2 s (deadline_seconds of eia)");
    }
  }

  @Test
  void a_zip_bomb_fails_its_task_permanently_on_the_first_request_and_publishes_nothing()
      throws Exception {
    limits("{\"upstreams\": {\"caiso\": {\"max_member_bytes\": 16777216}}}");
    AurumCli.Result first = AurumCli.run(fx.env(), caisoDay("2024-06-11"));
    assertThat(first.exit()).as(first.all()).isZero();
    fx.sandbox.faults("caiso").zipBomb(1L << 30);
    long requests = fx.sandbox.stats("caiso").requests();
    var before = DbSnapshot.of(fx.jdbcUrl());
    assertThat(before.get("observations")).isPositive();
    AurumCli.Result r = AurumCli.run(fx.env(), caisoDay("2024-06-12"));
    assertThat(r.exit()).as(r.all()).isEqualTo(1);
    assertThat(r.out())
        .contains(ISO_JOB + " FAILED: 0/1 tasks succeeded, 1 failed", "0 retries")
        .contains("is larger than 16 MiB (max_member_bytes of caiso): not retried");
    assertThat(fx.sandbox.stats("caiso").requests()).isEqualTo(requests + 1);
    var after = DbSnapshot.of(fx.jdbcUrl());
    for (String published : new String[] {"partition_versions", "heads", "observations"}) {
      assertThat(after.get(published)).as(published).isEqualTo(before.get(published));
    }
  }

  static String[] caisoDay(String day) {
    return new String[] {
      "backfill",
      "--source",
      "iso",
      "--datasets",
      "CAISO.DA_LMP",
      "--start-date",
      day,
      "--end-date",
      day
    };
  }

  static String keyId() {
    byte[] d =
        io.aurum.core.model.Checksums.sha256()
            .digest("test-key-0123456789".getBytes(java.nio.charset.StandardCharsets.UTF_8));
    return "key-" + java.util.HexFormat.of().formatHex(d).substring(0, 12);
  }
}
