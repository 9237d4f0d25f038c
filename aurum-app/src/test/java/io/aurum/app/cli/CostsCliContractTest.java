package io.aurum.app.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.aurum.app.testing.AurumCli;
import io.aurum.app.testing.CliFixture;
import io.aurum.core.model.BackfillParams;
import io.aurum.core.model.Counters;
import io.aurum.core.model.Operation;
import io.aurum.core.model.OperationParams;
import io.aurum.core.model.OperationSpec;
import io.aurum.core.model.OperationState;
import io.aurum.core.model.OperationType;
import io.aurum.core.model.PartitionKey;
import io.aurum.core.model.Priority;
import io.aurum.core.model.SourceId;
import io.aurum.core.model.Task;
import io.aurum.core.model.TaskDraft;
import io.aurum.core.testing.MutableClock;
import io.aurum.store.JdbcStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 19 part 4: cost reports with non-zero prices add up to figures worked out by hand. The
 * operations are seeded through the store with exact request, byte and row counts, and a clock that
 * makes their running time exact; the quotas are the test configuration's (eia 1000 a second, so
 * 86,400,000 requests a quota-day; cpi 500 a day).
 */
abstract class CostsCliContractTest {
  static final ObjectMapper JSON = new ObjectMapper();
  static final double EIA_DAY = 1000.0 * 86_400;
  static final double CPI_DAY = 500;

  // By hand: A, a finished eia backfill of 2024-12-03 that ran 30 minutes.
  static final double A_API = 1000 * 0.002;
  static final double A_TRANSFER = 2.0 * 0.09;
  static final double A_COMPUTE = 0.5 * 0.60;
  static final double A_STORAGE = 40_000 * 100 / 1e9 * 0.05;
  static final double A_QUOTA = 1000 / EIA_DAY * 3.0;
  static final double A = A_API + A_TRANSFER + A_COMPUTE + A_STORAGE + A_QUOTA;
  // Its estimate: 800 requests, 1.6 GB, 40,000 rows, 30 minutes.
  static final double A_ESTIMATE = 1.6 + 1.6 * 0.09 + 0.5 * 0.60 + A_STORAGE + 800 / EIA_DAY * 3.0;
  // B, a cpi replay of 2024-12-10 that ran 1 h, paused 2 h (not counted), ran 30 minutes more.
  static final double B =
      250 * 0.01 + 0.1 * 0.5 + 1.5 * 0.60 + 5_000 * 100 / 1e9 * 0.05 + 250 / CPI_DAY * 4.0;
  // D, an eia backfill started 2024-12-31 23:00 and still running when asked at midnight.
  static final double D = 100 * 0.002 + 1.0 * 0.60 + 100 / EIA_DAY * 3.0;
  // ELEC.GENERATION: A's second task, 600 of its 1000 requests, so 60 % of its compute time.
  static final double GENERATION =
      600 * 0.002 + 0.5 * 0.09 + 0.3 * 0.60 + 16_000 * 100 / 1e9 * 0.05 + 600 / EIA_DAY * 3.0;
  static final Instant ASKED = Instant.parse("2025-01-01T00:00:00Z");

  @TempDir Path tmp;
  CliFixture fx;

  abstract boolean postgres();

  @BeforeEach
  void seed() throws Exception {
    fx = new CliFixture(tmp, postgres(), 1000, 8);
    Files.writeString(
        fx.config.resolve("cost_model.json"),
        """
        {"currency": "USD", "compute_per_hour": 0.60, "storage_per_gb_month": 0.05,
         "storage_bytes_per_row": 100,
         "sources": {
           "eia": {"api_call_cost": 0.002, "price_per_gb_transferred": 0.09, "quota_day_value": 3.0},
           "cpi": {"api_call_cost": 0.01, "price_per_gb_transferred": 0.5, "quota_day_value": 4.0}}}
        """);
    MutableClock clock = new MutableClock(Instant.parse("2024-11-30T10:00:00Z"));
    try (JdbcStore store = JdbcStore.open(fx.jdbcUrl(), 2, clock)) {
      // C: before the range, never counted.
      seed(store, clock, "BACKFILL_C", SourceId.EIA, null, counts("ELEC.DEMAND", 999, 9, 9));
      run(store, clock, "BACKFILL_C", Duration.ofHours(5), OperationState.SUCCEEDED);

      clock.set(Instant.parse("2024-12-03T10:00:00Z"));
      OperationParams.Estimate e =
          new OperationParams.Estimate(800L, 40_000L, 1_600_000_000L, 1800.0, 2, "quota", 2.5);
      seed(
          store,
          clock,
          "BACKFILL_A",
          SourceId.EIA,
          e,
          counts("ELEC.DEMAND", 400, 1_500_000_000L, 24_000),
          counts("ELEC.GENERATION", 600, 500_000_000L, 16_000));
      run(store, clock, "BACKFILL_A", Duration.ofMinutes(30), OperationState.SUCCEEDED);

      clock.set(Instant.parse("2024-12-10T08:00:00Z"));
      seed(
          store,
          clock,
          "REPLAY_B",
          SourceId.CPI,
          null,
          counts("CUUR0000SA0", 250, 100_000_000L, 5_000));
      run(store, clock, "REPLAY_B", Duration.ofHours(1), OperationState.PAUSED);
      clock.advance(Duration.ofHours(2));
      store
          .operations()
          .transition("REPLAY_B", OperationState.PAUSED, OperationState.RUNNING, "t", "");
      clock.advance(Duration.ofMinutes(30));
      store
          .operations()
          .transition("REPLAY_B", OperationState.RUNNING, OperationState.SUCCEEDED, "t", "");

      clock.set(Instant.parse("2024-12-31T23:00:00Z"));
      seed(store, clock, "BACKFILL_D", SourceId.EIA, null, counts("ELEC.DEMAND", 100, 0, 0));
      store
          .operations()
          .transition("BACKFILL_D", OperationState.PLANNED, OperationState.RUNNING, "t", "");
    }
  }

  @AfterEach
  void close() {
    fx.close();
  }

  record Counts(String dataset, long calls, long bytes, long records) {}

  static Counts counts(String dataset, long calls, long bytes, long records) {
    return new Counts(dataset, calls, bytes, records);
  }

  /** A PLANNED operation with a task per {@code counts}, its counters set through the task port. */
  static void seed(
      JdbcStore store,
      Clock clock,
      String id,
      SourceId source,
      OperationParams.Estimate estimate,
      Counts... counts) {
    LocalDate day = LocalDate.of(2024, 1, 1);
    OperationSpec spec =
        new OperationSpec(
            source,
            day,
            day,
            List.of(counts[0].dataset()),
            1,
            1000,
            3,
            null,
            1.0,
            false,
            "latest_wins",
            new BackfillParams(null, null, null, null, null, estimate));
    OperationType type = id.startsWith("REPLAY") ? OperationType.REPLAY : OperationType.BACKFILL;
    List<TaskDraft> drafts =
        java.util.Arrays.stream(counts)
            .map(c -> new TaskDraft(new PartitionKey(source, c.dataset(), day), null, null))
            .toList();
    store
        .operations()
        .create(
            Operation.planned(id, type, spec, Priority.NORMAL, "costs", "test", clock.instant()),
            drafts);
    List<Task> claimed =
        store
            .tasks()
            .claim(id, "test", counts.length, clock.instant(), clock.instant().plusSeconds(60));
    for (Task t : claimed) {
      Counts c =
          java.util.Arrays.stream(counts)
              .filter(x -> x.dataset().equals(t.partition().dataset()))
              .findFirst()
              .orElseThrow();
      store
          .tasks()
          .skip(t.id(), "test", "seeded", new Counters(c.records(), c.calls(), c.bytes(), 0, 0));
    }
  }

  static void run(JdbcStore store, MutableClock clock, String id, Duration d, OperationState to) {
    store.operations().transition(id, OperationState.PLANNED, OperationState.RUNNING, "t", "");
    clock.advance(d);
    store.operations().transition(id, OperationState.RUNNING, to, "t", "");
  }

  JsonNode json(String... args) throws Exception {
    AurumCli.Result r = AurumCli.run(Clock.fixed(ASKED, ZoneOffset.UTC), fx.env(), args);
    assertThat(r.exit()).as(r.all()).isZero();
    return JSON.readTree(r.out());
  }

  static JsonNode group(JsonNode report, String key) {
    for (JsonNode g : report.path("groups")) {
      if (g.path("group").asText().equals(key)) {
        return g;
      }
    }
    throw new AssertionError("no group " + key + " in " + report);
  }

  static double metric(JsonNode node, String metric, String field) {
    for (JsonNode m : node.path("metrics")) {
      if (m.path("metric").asText().equals(metric)) {
        return m.path(field).asDouble();
      }
    }
    throw new AssertionError("no metric " + metric + " in " + node);
  }

  @Test
  void a_report_by_operation_type_adds_up_to_the_figures_worked_out_by_hand() throws Exception {
    JsonNode r =
        json(
            "costs",
            "report",
            "--time-range",
            "2024-12-01:2024-12-31",
            "--group-by",
            "operation_type",
            "--format",
            "json");
    assertThat(r.path("groups")).hasSize(2);
    JsonNode backfill = group(r, "backfill");
    assertThat(backfill.path("operations").asInt()).isEqualTo(2);
    assertThat(backfill.path("total").asDouble()).isCloseTo(A + D, within(1e-9));
    assertThat(metric(backfill, "api_calls", "quantity")).isEqualTo(1100);
    assertThat(metric(backfill, "compute_time", "quantity")).isCloseTo(1.5, within(1e-9));
    assertThat(metric(backfill, "data_transfer", "cost")).isCloseTo(A_TRANSFER, within(1e-9));
    // Only A has an estimate: the group's estimate is A's.
    assertThat(backfill.path("estimated_total").asDouble()).isCloseTo(A_ESTIMATE, within(1e-9));
    assertThat(group(r, "replay").path("total").asDouble()).isCloseTo(B, within(1e-9));
    assertThat(metric(group(r, "replay"), "quota", "quantity")).isCloseTo(0.5, within(1e-12));
    assertThat(r.at("/total/total").asDouble()).isCloseTo(A + B + D, within(1e-9));
    assertThat(r.at("/total/operations").asInt()).isEqualTo(3);
  }

  @Test
  void groups_by_source_dataset_and_operation_keep_the_same_totals() throws Exception {
    JsonNode bySource =
        json(
            "costs",
            "report",
            "--time-range",
            "2024-12-01:2024-12-31",
            "--group-by",
            "source",
            "--format",
            "json");
    assertThat(group(bySource, "eia").path("total").asDouble()).isCloseTo(A + D, within(1e-9));
    assertThat(group(bySource, "cpi").path("total").asDouble()).isCloseTo(B, within(1e-9));
    JsonNode byDataset =
        json(
            "costs",
            "report",
            "--time-range",
            "2024-12-01:2024-12-31",
            "--group-by",
            "dataset",
            "--format",
            "json");
    assertThat(group(byDataset, "ELEC.GENERATION").path("total").asDouble())
        .isCloseTo(GENERATION, within(1e-9));
    assertThat(byDataset.at("/total/total").asDouble()).isCloseTo(A + B + D, within(1e-9));
    double sum = 0;
    for (JsonNode g : byDataset.path("groups")) {
      sum += g.path("total").asDouble();
    }
    assertThat(sum).isCloseTo(A + B + D, within(1e-9));
    JsonNode byOperation =
        json(
            "costs",
            "report",
            "--time-range",
            "2024-12-03:2024-12-03",
            "--group-by",
            "operation",
            "--format",
            "json");
    assertThat(byOperation.path("groups")).hasSize(1);
    assertThat(group(byOperation, "BACKFILL_A").path("total").asDouble())
        .isCloseTo(A, within(1e-9));
  }

  @Test
  void track_shows_a_running_operations_cost_so_far_and_only_the_metrics_asked_for()
      throws Exception {
    JsonNode d =
        json(
            "costs",
            "track",
            "--operation-id",
            "BACKFILL_D",
            "--cost-metrics",
            "api_calls,data_transfer,compute_time",
            "--format",
            "json");
    assertThat(d.path("state").asText()).isEqualTo("running");
    assertThat(d.path("metrics")).hasSize(3);
    assertThat(metric(d, "compute_time", "quantity")).isCloseTo(1.0, within(1e-9));
    assertThat(d.path("total").asDouble()).isCloseTo(100 * 0.002 + 0.60, within(1e-9));
    JsonNode a = json("costs", "track", "--job-id", "BACKFILL_A", "--format", "json");
    assertThat(a.path("total").asDouble()).isCloseTo(A, within(1e-9));
    assertThat(a.path("estimated_total").asDouble()).isCloseTo(A_ESTIMATE, within(1e-9));
    assertThat(metric(a, "api_calls", "estimated_quantity")).isEqualTo(800);
  }

  @Test
  void the_human_formats_print_the_same_totals() {
    var detailed =
        AurumCli.run(
            Clock.fixed(ASKED, ZoneOffset.UTC),
            fx.env(),
            "costs",
            "report",
            "--time-range",
            "2024-12-01:2024-12-31",
            "--group-by",
            "operation_type",
            "--format",
            "detailed");
    assertThat(detailed.exit()).as(detailed.all()).isZero();
    assertThat(detailed.out())
        .contains("operation_type replay: 1 operation(s), total " + CostsView.money(B))
        .contains("total: 3 operation(s), total " + CostsView.money(A + B + D))
        .contains("api_calls");
    var summary =
        AurumCli.run(
            Clock.fixed(ASKED, ZoneOffset.UTC),
            fx.env(),
            "costs",
            "report",
            "--time-range",
            "2024-12-01:2024-12-31",
            "--format",
            "summary");
    assertThat(summary.out().lines().filter(l -> l.startsWith("backfill"))).hasSize(1);
    var csv =
        AurumCli.run(
            Clock.fixed(ASKED, ZoneOffset.UTC),
            fx.env(),
            "costs",
            "report",
            "--time-range",
            "2024-12-01:2024-12-31",
            "--format",
            "csv");
    assertThat(csv.out().lines()).hasSize(1 + 3 * 5);
  }

  @Test
  void the_profile_ranks_costs_sets_estimate_beside_actual_and_finds_small_requests()
      throws Exception {
    JsonNode p =
        json("costs", "profile", "--time-range", "2024-12-01:2024-12-31", "--format", "json");
    assertThat(p.path("total").asDouble()).isCloseTo(A + B + D, within(1e-9));
    assertThat(p.at("/by_source/0/group").asText()).isEqualTo("cpi");
    assertThat(p.at("/costliest/0/operation_id").asText()).isEqualTo("REPLAY_B");
    // Finished: A and B, not the running D.
    assertThat(p.path("estimate_vs_actual")).hasSize(2);
    // B: 250 requests for 5,000 rows; 50 requests of 100 rows would do: 200 requests saved at
    // (2.50 + 2.00) / 250 each.
    JsonNode b = null;
    for (JsonNode s : p.path("savings")) {
      if (s.path("operation_id").asText().equals("REPLAY_B")) {
        b = s;
      }
    }
    assertThat(b).isNotNull();
    assertThat(b.path("kind").asText()).isEqualTo("small_requests");
    assertThat(b.path("cost").asDouble()).isCloseTo(200 * 4.5 / 250, within(1e-9));
  }
}
