package io.aurum.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.aurum.app.testing.AurumCli;
import io.aurum.app.testing.CliFixture;
import io.aurum.app.testing.DbSnapshot;
import io.aurum.core.model.Head;
import io.aurum.core.model.SourceId;
import io.aurum.store.JdbcStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code aurum backfill} end to end: real sandbox over HTTP, real database, run on both backends.
 */
abstract class BackfillCliContractTest {
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

  AurumCli.Result aurum(String... args) {
    return AurumCli.run(fx.env(), args);
  }

  @Test
  void three_month_hourly_backfill_publishes_every_partition_and_a_rerun_plans_nothing()
      throws Exception {
    var r =
        aurum(
            "backfill",
            "--source",
            "eia",
            "--datasets",
            "ELEC.DEMAND",
            "--start-date",
            "2024-01-01",
            "--end-date",
            "2024-03-31",
            "--concurrency",
            "4");
    assertThat(r.exit()).as(r.all()).isZero();
    assertThat(r.out()).contains("BACKFILL_20240331_EIA SUCCEEDED: 91/91 tasks succeeded");
    try (JdbcStore store = fx.openStore()) {
      List<Head> heads =
          store
              .versions()
              .heads(
                  SourceId.EIA, "ELEC.DEMAND", LocalDate.of(2024, 1, 1), LocalDate.of(2024, 3, 31));
      assertThat(heads).hasSize(91).allMatch(Head::complete);
      long rows = heads.stream().mapToLong(Head::recordCount).sum();
      assertThat(rows).isEqualTo(5L * (91 * 24 - 1));
    }
    // Fetch windows of whole days within one 5,000-row page: 120 rows a day, so 41 days a window
    // (4,920 rows; 4,915 with the 23-hour 2024-03-10). 91 days: 41 + 41 + 9 = 3 requests.
    assertThat(fx.sandbox.stats("eia").requests()).isEqualTo(3);

    var again =
        aurum(
            "backfill",
            "--source",
            "eia",
            "--datasets",
            "ELEC.DEMAND",
            "--start-date",
            "2024-01-01",
            "--end-date",
            "2024-03-31");
    assertThat(again.exit()).isZero();
    assertThat(again.out()).contains("nothing to do: all 91 partition(s)");
    assertThat(fx.sandbox.stats("eia").requests()).isEqualTo(3);

    var forced =
        aurum(
            "backfill",
            "--source",
            "eia",
            "--datasets",
            "ELEC.DEMAND",
            "--start-date",
            "2024-01-01",
            "--end-date",
            "2024-01-31",
            "--force");
    assertThat(forced.exit()).as(forced.all()).isZero();
    assertThat(forced.out()).contains("BACKFILL_20240131_EIA SUCCEEDED: 31/31");
    // January again: 31 days, 3,720 rows, one request.
    assertThat(fx.sandbox.stats("eia").requests()).isEqualTo(3 + 1);

    var csv =
        aurum(
            "export",
            "--source",
            "eia",
            "--datasets",
            "ELEC.DEMAND",
            "--date-range",
            "2024-01-01:2024-01-01",
            "--format",
            "csv");
    assertThat(csv.exit()).isZero();
    List<String> lines = csv.out().lines().toList();
    assertThat(lines.get(0)).isEqualTo("dataset,series_id,period,value,unit,version,operation_id");
    assertThat(lines).hasSize(1 + 5 * 24);
    // The New York day 2024-01-01 starts at 05:00 UTC; the forced rerun made version 2.
    assertThat(lines.get(1))
        .startsWith("ELEC.DEMAND,CISO-D,2024-01-01T05:00:00Z,")
        .endsWith(",MWh,2,BACKFILL_20240131_EIA");
  }

  @Test
  void dry_run_prints_the_plan_and_calls_no_upstream_and_writes_nothing() throws Exception {
    var fresh =
        aurum(
            "backfill",
            "--source",
            "eia",
            "--start-date",
            "2024-01-01",
            "--end-date",
            "2024-12-31",
            "--dry-run");
    assertThat(fresh.exit()).as(fresh.all()).isZero();
    // 2024 of every EIA dataset: ELEC.DEMAND and ELEC.GEN 366 days x 120 rows = 43,920 rows each,
    // windows of 41 days (one 5,000-row page): 9 + 9; ELEC.PRICE 12 months x 5 rows: 1. 19 calls
    // for 744 partitions.
    assertThat(fresh.out())
        .contains("partitions: 744", "api calls: 19 in 19 fetch window(s)", "estimated duration:");
    assertThat(fx.sandbox.stats("eia").requests()).isZero();
    if (!fx.postgres) {
      assertThat(Files.exists(fx.home.resolve("aurum.db"))).isFalse();
    }

    assertThat(
            aurum(
                    "backfill",
                    "--source",
                    "eia",
                    "--datasets",
                    "ELEC.DEMAND",
                    "--start-date",
                    "2024-01-01",
                    "--end-date",
                    "2024-01-05")
                .exit())
        .isZero();
    long requests = fx.sandbox.stats("eia").requests();
    Map<String, Long> before = DbSnapshot.of(fx.jdbcUrl());
    var dry =
        aurum(
            "backfill",
            "--source",
            "eia",
            "--datasets",
            "ELEC.DEMAND",
            "--start-date",
            "2024-01-01",
            "--end-date",
            "2024-01-10",
            "--dry-run",
            "--format",
            "json");
    assertThat(dry.exit()).as(dry.all()).isZero();
    assertThat(dry.out())
        .contains(
            "\"partitions\" : 5",
            "\"already_covered\" : 5",
            "\"fetch_windows\" : 1",
            "\"api_calls\" : 1");
    assertThat(fx.sandbox.stats("eia").requests()).isEqualTo(requests);
    assertThat(DbSnapshot.of(fx.jdbcUrl())).isEqualTo(before);
  }

  @Test
  void throttling_and_server_error_bursts_are_retried_honouring_retry_after() {
    fx.sandbox.faults("eia").throttleNext(3, 1).unavailableNext(2);
    long start = System.nanoTime();
    var r =
        aurum(
            "backfill",
            "--source",
            "eia",
            "--datasets",
            "ELEC.DEMAND",
            "--start-date",
            "2024-02-01",
            "--end-date",
            "2024-02-10",
            "--max-retries",
            "5",
            "--retry-backoff",
            "0.05");
    Duration took = Duration.ofNanos(System.nanoTime() - start);
    assertThat(r.exit()).as(r.all()).isZero();
    assertThat(r.out()).contains("SUCCEEDED: 10/10");
    var stats = fx.sandbox.stats("eia");
    assertThat(stats.throttled()).isEqualTo(3);
    // The 10 days are one fetch window: its request, 3 throttled and 2 unavailable answers, each
    // retried (5 attempts failed, within --max-retries 5).
    assertThat(stats.requests()).isEqualTo(1 + 3 + 2);
    // Retry-After: 1 second was honoured before the throttled window was asked again.
    assertThat(took).isGreaterThanOrEqualTo(Duration.ofSeconds(1));
    assertThat(r.out()).contains("5 retries");
  }

  @Test
  void permanent_errors_fail_the_partition_into_the_failure_log() throws Exception {
    fx.sandbox.faults("eia").failDates(Set.of(LocalDate.of(2024, 2, 3)));
    var r =
        aurum(
            "backfill",
            "--source",
            "eia",
            "--datasets",
            "ELEC.DEMAND",
            "--start-date",
            "2024-02-01",
            "--end-date",
            "2024-02-05",
            "--error-details");
    assertThat(r.exit()).as(r.all()).isEqualTo(1);
    assertThat(r.out())
        .contains("FAILED: 4/5 tasks succeeded, 1 failed", "eia/ELEC.DEMAND/2024-02-03");
    // A permanent error is not retried, but the window over the failing day is halved until the
    // day is alone: 02-01..05 fails; 02-01..02 ok, 02-03..05 fails; 02-03 fails alone, 02-04..05
    // ok. 5 requests, the failing day asked alone once.
    assertThat(fx.sandbox.stats("eia").requests()).isEqualTo(5);
    assertThat(fx.sandbox.stats("eia").requestsStarting("2024-02-03")).isEqualTo(2);
    Path log;
    try (var files = Files.list(fx.home.resolve("logs"))) {
      log =
          files
              .filter(f -> f.getFileName().toString().matches("failed_records_\\d{8}\\.json"))
              .findFirst()
              .orElseThrow();
    }
    String json = Files.readString(log);
    assertThat(json)
        .contains(
            "\"partition\" : \"2024-02-03\"",
            "\"dataset\" : \"ELEC.DEMAND\"",
            "\"http_status\" : 400",
            "BACKFILL_20240205_EIA");
    assertThat(json).doesNotContain("test-key-0123456789");
    var status = aurum("status", "--job-id", "BACKFILL_20240205_EIA", "--format", "json");
    assertThat(status.out()).contains("\"state\" : \"failed\"", "\"failed\" : 1");
  }
}
