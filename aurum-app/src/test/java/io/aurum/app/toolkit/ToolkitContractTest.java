package io.aurum.app.toolkit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.aurum.app.Main;
import io.aurum.app.testing.TestConfig;
import io.aurum.core.config.AurumConfig;
import io.aurum.core.engine.EngineListener;
import io.aurum.core.engine.LiveProgress;
import io.aurum.core.engine.OperationRunner;
import io.aurum.core.estimate.Estimator;
import io.aurum.core.model.Head;
import io.aurum.core.model.Operation;
import io.aurum.core.model.OperationSpec;
import io.aurum.core.model.OperationType;
import io.aurum.core.model.PartitionKey;
import io.aurum.core.model.PartitionVersion;
import io.aurum.core.model.Priority;
import io.aurum.core.model.SourceId;
import io.aurum.core.model.VersionState;
import io.aurum.core.ops.OperationIds;
import io.aurum.core.ops.OperationService;
import io.aurum.core.plan.Planner;
import io.aurum.core.port.Store;
import io.aurum.store.testing.TestDatabase;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The toolkit over a store seeded by engine runs with planted holes and defects, driven through the
 * command line; run on SQLite and PostgreSQL.
 */
abstract class ToolkitContractTest {
  static final String DS = "ELEC.DEMAND";
  static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path tmp;
  TestDatabase db;
  Store store;
  DefectConnector upstream;
  OperationService service;
  AurumConfig config;
  Path configDir;

  abstract TestDatabase database(Path tmp);

  @BeforeEach
  void setUp() {
    db = database(tmp);
    store = db.open();
    upstream = new DefectConnector();
    configDir = TestConfig.write(tmp.resolve("config"), 1000, 8);
    config = AurumConfig.load(configDir);
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

  static LocalDate jan(int day) {
    return LocalDate.of(2024, 1, day);
  }

  OperationSpec spec(LocalDate start, LocalDate end, List<String> datasets) {
    return new OperationSpec(
        SourceId.EIA, start, end, datasets, 4, 1000, 0, null, 0.01, false, "latest_wins", null);
  }

  Operation backfill(LocalDate start, LocalDate end, List<String> datasets) {
    OperationSpec spec = spec(start, end, datasets);
    Planner.Plan plan = service.planner().plan(spec);
    spec =
        spec.withParams(
            io.aurum.core.model.BackfillParams.NONE.withEstimate(
                new Estimator(config).of(OperationType.BACKFILL, spec, plan).asParams()));
    Operation op =
        service.create(
            OperationType.BACKFILL,
            OperationIds.of(OperationType.BACKFILL, end, SourceId.EIA),
            spec,
            plan,
            Priority.NORMAL,
            "test",
            "tester");
    service.start(op.id(), "tester", new LiveProgress());
    return op;
  }

  record Run(int code, String out, String err) {
    JsonNode json() throws Exception {
      return JSON.readTree(out);
    }
  }

  Run cli(String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(
        List.of(
            "--home", tmp.resolve("home").toString(),
            "--config-dir", configDir.toString(),
            "--db-url", db.jdbcUrl()));
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code =
        Main.run(
            all.toArray(String[]::new),
            Map.of(),
            new PrintWriter(out, true),
            new PrintWriter(err, true),
            Clock.systemUTC());
    return new Run(code, out.toString(), err.toString());
  }

  /** January 2024 of ELEC.DEMAND with every kind of planted defect. */
  void seedDefects() throws Exception {
    upstream.dropFirstRow.add(jan(5));
    upstream.oneOutOfRange.add(jan(15));
    upstream.allOutOfRange.add(jan(20));
    backfill(jan(1), jan(9), List.of(DS));
    backfill(jan(12), jan(31), List.of(DS));
    try (Connection c = db.raw()) {
      long v25 = store.versions().head(key(jan(25))).orElseThrow().versionId();
      try (PreparedStatement ps =
          c.prepareStatement(
              "UPDATE observations SET value = value + 1 WHERE version_id = ? AND series_id = 'PJM-D'"
                  + " AND period = (SELECT MIN(period) FROM observations WHERE version_id = ?)")) {
        ps.setLong(1, v25);
        ps.setLong(2, v25);
        assertThat(ps.executeUpdate()).isEqualTo(1);
      }
      long v27 = store.versions().head(key(jan(27))).orElseThrow().versionId();
      try (PreparedStatement ps =
          c.prepareStatement(
              "INSERT INTO observations (version_id, series_id, period, value, unit, attributes)"
                  + " SELECT version_id, series_id, period, value, unit, attributes FROM observations"
                  + " WHERE version_id = ? AND series_id = 'MISO-D'"
                  + " AND period = (SELECT MIN(period) FROM observations WHERE version_id = ?)")) {
        ps.setLong(1, v27);
        ps.setLong(2, v27);
        assertThat(ps.executeUpdate()).isEqualTo(1);
      }
    }
  }

  static PartitionKey key(LocalDate d) {
    return new PartitionKey(SourceId.EIA, DS, d);
  }

  static TreeSet<String> periodsOf(JsonNode findings, String check) {
    TreeSet<String> out = new TreeSet<>();
    for (JsonNode f : findings) {
      if (check == null || f.path("check").asText().equals(check)) {
        out.add(f.path("period").asText());
      }
    }
    return out;
  }

  @Test
  void a_version_below_its_threshold_is_quarantined_not_published() throws Exception {
    upstream.allOutOfRange.add(jan(20));
    backfill(jan(19), jan(21), List.of(DS));
    assertThat(store.versions().head(key(jan(20)))).isEmpty();
    assertThat(store.versions().versions(key(jan(20))))
        .extracting(PartitionVersion::state)
        .containsExactly(VersionState.QUARANTINED);
    assertThat(store.versions().head(key(jan(19)))).isPresent();
    assertThat(store.versions().head(key(jan(21)))).isPresent();
  }

  @Test
  void gaps_completeness_quality_and_integrity_find_exactly_the_planted_defects() throws Exception {
    seedDefects();

    Run gaps =
        cli(
            "gaps",
            "--source",
            "eia",
            "--start-date",
            "2024-01-01",
            "--end-date",
            "2024-01-31",
            "--datasets",
            DS,
            "--format",
            "json");
    assertThat(gaps.code()).as(gaps.err()).isZero();
    JsonNode g = gaps.json().path("datasets").get(0);
    List<String> ranges = new ArrayList<>();
    g.path("ranges")
        .forEach(
            r ->
                ranges.add(
                    r.path("kind").asText()
                        + " "
                        + r.path("start").asText()
                        + ".."
                        + r.path("end").asText()));
    assertThat(ranges)
        .containsExactly(
            "incomplete 2024-01-05..2024-01-05",
            "missing 2024-01-10..2024-01-11",
            "missing 2024-01-20..2024-01-20");
    assertThat(g.path("watermark").asText()).isEqualTo("2024-01-04");
    assertThat(g.path("covered").asInt()).isEqualTo(27);

    Run completeness =
        cli(
            "validate",
            "completeness",
            "--source",
            "eia",
            "--start-date",
            "2024-01-01",
            "--end-date",
            "2024-01-31",
            "--datasets",
            DS,
            "--format",
            "json");
    assertThat(completeness.code()).isEqualTo(5);
    JsonNode cf = completeness.json().path("findings");
    assertThat(periodsOf(cf, "missing")).containsExactly("2024-01-10", "2024-01-11", "2024-01-20");
    assertThat(periodsOf(cf, "incomplete")).containsExactly("2024-01-05");
    assertThat(cf).hasSize(4);

    Run quality =
        cli(
            "validate",
            "quality",
            "--source",
            "eia",
            "--date-range",
            "2024-01-01:2024-01-31",
            "--datasets",
            DS,
            "--checks",
            "completeness,accuracy,consistency",
            "--format",
            "json");
    assertThat(quality.code()).as(quality.err()).isZero();
    JsonNode qf = quality.json().path("findings");
    assertThat(periodsOf(qf, null)).containsExactly("2024-01-05", "2024-01-15", "2024-01-27");
    assertThat(periodsOf(qf, "completeness")).containsExactly("2024-01-05");
    assertThat(periodsOf(qf, "accuracy")).containsExactly("2024-01-15");
    assertThat(periodsOf(qf, "consistency")).containsExactly("2024-01-27");
    assertThat(quality.json().path("scores")).hasSize(28);
    assertThat(
            cli(
                    "validate",
                    "quality",
                    "--source",
                    "eia",
                    "--date-range",
                    "2024-01-01:2024-01-31",
                    "--datasets",
                    DS,
                    "--threshold",
                    "0.999")
                .code())
        .isEqualTo(5);

    // A head moved onto another partition's version, after the quality run it would disturb.
    try (Connection c = db.raw();
        PreparedStatement ps =
            c.prepareStatement(
                "UPDATE heads SET version_id = ? WHERE source = 'EIA' AND dataset = ? AND period = ?")) {
      ps.setLong(1, store.versions().head(key(jan(29))).orElseThrow().versionId());
      ps.setString(2, DS);
      ps.setString(3, "2024-01-28");
      assertThat(ps.executeUpdate()).isEqualTo(1);
    }
    Run integrity =
        cli(
            "validate",
            "integrity",
            "--source",
            "eia",
            "--date-range",
            "2024-01-01:2024-01-31",
            "--datasets",
            DS,
            "--integrity-checks",
            "schema,completeness,relationships",
            "--format",
            "json");
    assertThat(integrity.code()).isEqualTo(5);
    JsonNode inf = integrity.json().path("findings");
    assertThat(periodsOf(inf, null)).containsExactly("2024-01-25", "2024-01-27", "2024-01-28");
    assertThat(periodsOf(inf, "checksums")).containsExactly("2024-01-25", "2024-01-27");
    assertThat(periodsOf(inf, "completeness")).containsExactly("2024-01-27");
    assertThat(periodsOf(inf, "relationships")).containsExactly("2024-01-28");
  }

  @Test
  void estimated_api_calls_equal_the_actual_for_1_30_and_365_days() {
    int[] days = {1, 30, 365};
    LocalDate start = LocalDate.of(2022, 1, 1);
    for (int n : days) {
      LocalDate end = start.plusDays(n - 1L);
      List<String> datasets = List.of(DS, "ELEC.PRICE");
      OperationSpec spec = spec(start, end, datasets);
      Estimator.Estimate e =
          new Estimator(config).of(OperationType.BACKFILL, spec, service.planner().plan(spec));
      Operation op = backfill(start, end, datasets);
      long actual = store.operations().progress(op.id()).counters().apiCalls();
      assertThat(e.apiCalls()).as(n + " days").isEqualTo(actual);
      assertThat(e.records())
          .as(n + " days")
          .isEqualTo(store.operations().progress(op.id()).counters().records());
      start = end.plusYears(1);
    }
  }

  @Test
  void validate_operation_passes_a_clean_run_and_names_failed_tasks() throws Exception {
    Operation clean = backfill(jan(1), jan(3), List.of(DS));
    Run ok = cli("validate", "operation", "--job-id", clean.id(), "--validation-checks", "all");
    assertThat(ok.code()).as(ok.out() + ok.err()).isZero();
    upstream.allOutOfRange.add(jan(11));
    Operation bad = backfill(jan(10), jan(12), List.of(DS));
    Run fail =
        cli(
            "validate",
            "operation",
            "--replay-id",
            bad.id(),
            "--validation-checks",
            "all",
            "--format",
            "json");
    assertThat(fail.code()).isEqualTo(5);
    assertThat(periodsOf(fail.json().path("findings"), "tasks")).containsExactly("2024-01-11");
  }

  @Test
  void plan_saved_to_a_file_is_run_exactly_by_backfill_plan() throws Exception {
    backfill(jan(2), jan(2), List.of(DS));
    Path file = tmp.resolve("plan.json");
    Run plan =
        cli(
            "plan",
            "--source",
            "eia",
            "--start-date",
            "2024-01-01",
            "--end-date",
            "2024-01-03",
            "--datasets",
            DS,
            "--output",
            file.toString(),
            "--format",
            "json");
    assertThat(plan.code()).as(plan.err()).isZero();
    JsonNode saved = JSON.readTree(file.toFile());
    assertThat(saved.path("partitions")).hasSize(2);
    assertThat(saved.path("partitions").get(0).path("period").asText()).isEqualTo("2024-01-01");
    assertThat(saved.path("partitions").get(1).path("period").asText()).isEqualTo("2024-01-03");

    Run run = cli("backfill", "--plan", file.toString(), "--sandbox");
    assertThat(run.code()).as(run.out() + run.err()).isZero();
    assertThat(store.versions().heads(SourceId.EIA, DS, jan(1), jan(3)))
        .extracting(Head::complete)
        .containsExactly(true, true, true);
    assertThat(store.versions().versions(key(jan(2)))).hasSize(1);
  }

  @Test
  void bad_input_is_one_line_with_its_exit_code_and_writes_nothing() throws Exception {
    Path fresh = tmp.resolve("fresh");
    Run unknownSource = cli("gaps", "--source", "nope", "--days", "30");
    assertThat(unknownSource.code()).isEqualTo(2);
    assertThat(unknownSource.err().strip()).doesNotContain("\n").contains("unknown source 'nope'");
    Run badRange =
        cli("gaps", "--source", "eia", "--start-date", "2024-02-01", "--end-date", "2024-01-01");
    assertThat(badRange.code()).isEqualTo(2);
    assertThat(badRange.err()).contains("swap them");
    assertThat(
            cli("estimate", "backfill", "--source", "eia", "--date-range", "2024-02-01:2024-01-01")
                .code())
        .isEqualTo(2);
    Run unknownJob = cli("validate", "operation", "--job-id", "BACKFILL_19990101_EIA");
    assertThat(unknownJob.code()).isEqualTo(3);
    assertThat(unknownJob.err().strip()).doesNotContain("\n");
    assertThat(cli("gaps", "--source", "eia", "--days", "3", "--format", "xml").code())
        .isEqualTo(2);

    Path malformed = tmp.resolve("bad.json");
    Files.writeString(malformed, "{\n  \"format\": \"aurum-plan/1\",\n  \"source\": eia\n}");
    Run m = cli("backfill", "--plan", malformed.toString());
    assertThat(m.code()).isEqualTo(2);
    // FILE:LINE:COLUMN, as every file error is named.
    assertThat(m.err()).contains(malformed + ":3:").contains("not valid JSON");
    Path unknownDs = tmp.resolve("unknown.json");
    Files.writeString(
        unknownDs,
        "{\"format\": \"aurum-plan/1\", \"source\": \"eia\", \"start_date\": \"2024-01-01\","
            + " \"end_date\": \"2024-01-02\", \"datasets\": [\"NOPE\"],"
            + " \"spec\": {\"concurrency\": 1, \"batch_size\": 10}, \"partitions\": []}");
    Run u = cli("backfill", "--plan", unknownDs.toString());
    assertThat(u.code()).isEqualTo(2);
    assertThat(u.err()).contains("unknown dataset 'NOPE'");
    assertThat(store.operations().list(java.util.Set.of())).isEmpty();

    // A read-only command on a fresh SQLite home does not create the database.
    StringWriter err = new StringWriter();
    int code =
        Main.run(
            new String[] {
              "gaps",
              "--source",
              "eia",
              "--days",
              "10",
              "--home",
              fresh.toString(),
              "--config-dir",
              configDir.toString()
            },
            Map.of(),
            new PrintWriter(new StringWriter()),
            new PrintWriter(err, true),
            Clock.systemUTC());
    assertThat(code).isEqualTo(3);
    assertThat(fresh.resolve("aurum.db")).doesNotExist();
  }

  @Test
  void quotas_health_and_capacity_report_with_exit_codes() throws Exception {
    // The test quotas are far above what EIA documents, on purpose; validate the real ones.
    Run fast = cli("quotas", "validate");
    assertThat(fast.code()).isEqualTo(5);
    assertThat(fast.out()).contains("above the documented 5 per PT1S");
    Files.copy(
        TestConfig.REPO_CONFIG.resolve("data_source_quotas.json"),
        configDir.resolve("data_source_quotas.json"),
        java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    Run quotas = cli("quotas", "validate", "--format", "json");
    assertThat(quotas.code()).as(quotas.out()).isZero();
    assertThat(quotas.json().path("valid").asBoolean()).isTrue();
    Files.writeString(
        configDir.resolve("data_source_quotas.json"),
        Files.readString(configDir.resolve("data_source_quotas.json"))
            .replace(
                "\"requests\": 120, \"period\": \"PT1M\"",
                "\"requests\": 500, \"period\": \"PT1M\""));
    Run invalid = cli("quotas", "validate", "--format", "json");
    assertThat(invalid.code()).isEqualTo(5);
    assertThat(invalid.out()).contains("above the documented 120");

    Files.copy(
        TestConfig.REPO_CONFIG.resolve("data_source_quotas.json"),
        configDir.resolve("data_source_quotas.json"),
        java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    backfill(jan(1), jan(2), List.of(DS));
    Run health = cli("health", "system", "--detailed");
    assertThat(health.out())
        .contains("database", "reachable and migrated", "leases", "failure_log");
    assertThat(cli("capacity", "--required-memory", "1Mi", "--required-cpu", "1").code()).isZero();
    assertThat(cli("capacity", "--required-memory", "64Ti", "--required-cpu", "4096").code())
        .isEqualTo(5);
    assertThat(cli("capacity", "--required-memory", "lots").code()).isEqualTo(2);
  }

  @Test
  void report_shows_estimate_against_actual_and_draws_its_charts() throws Exception {
    upstream.allOutOfRange.add(jan(3));
    Operation op = backfill(jan(1), jan(5), List.of(DS));
    Run perf = cli("report", "performance", "--job-id", op.id(), "--format", "json");
    assertThat(perf.code()).as(perf.err()).isZero();
    JsonNode api = null;
    for (JsonNode c : perf.json().path("estimate_vs_actual")) {
      if (c.path("metric").asText().equals("api_calls")) {
        api = c;
      }
    }
    assertThat(api).isNotNull();
    assertThat(api.path("estimate").asDouble()).isEqualTo(5.0);
    assertThat(api.path("actual").asDouble()).isEqualTo(5.0);
    assertThat(cli("report", "performance", "--job-id", op.id()).out())
        .contains("api_calls", "+0.0%");

    Path html = tmp.resolve("report.html");
    Run h = cli("report", "--job-id", op.id(), "--format", "html", "--output", html.toString());
    assertThat(h.code()).as(h.err()).isZero();
    String page = Files.readString(html);
    assertThat(page)
        .contains("<svg", "Throughput over time", "Records per day", "Quality per partition")
        .contains("2024-01-03 quarantined");
    Run md = cli("report", "--job-id", op.id(), "--format", "markdown");
    assertThat(md.out()).contains("# " + op.id(), "| ELEC.DEMAND | 5 | 4 | 1 |");
    assertThat(cli("report", "--job-id", op.id(), "--format", "json").code()).isZero();
    assertThat(cli("report", "--job-id", "NOPE").code()).isEqualTo(3);
    assertThat(cli("report", "--job-id", op.id(), "--format", "pdf").code()).isEqualTo(2);
  }

  @Test
  void coverage_patterns_and_impact_read_the_seeded_store() throws Exception {
    upstream.doubled.add(jan(4));
    backfill(jan(1), jan(9), List.of(DS));
    Run cov = cli("coverage", "--source", "eia", "--datasets", DS, "--monthly", "--format", "json");
    assertThat(cov.code()).as(cov.err()).isZero();
    assertThat(cov.json().get(0).path("covered").asInt()).isEqualTo(9);
    assertThat(cov.json().get(0).path("month").asText()).isEqualTo("2024-01");
    Run same =
        cli(
            "compare",
            "patterns",
            "--source",
            "eia",
            "--datasets",
            DS,
            "--reference-date",
            "2024-01-02",
            "--comparison-date",
            "2024-01-03");
    assertThat(same.code()).as(same.out() + same.err()).isZero();
    Run missing =
        cli(
            "compare",
            "patterns",
            "--source",
            "eia",
            "--datasets",
            DS,
            "--reference-date",
            "2024-01-02",
            "--comparison-date",
            "2024-03-03");
    assertThat(missing.code()).isEqualTo(5);
    Run impact =
        cli(
            "assess",
            "impact",
            "--source",
            "eia",
            "--date-range",
            "2024-01-08:2024-01-12",
            "--datasets",
            DS,
            "--data-volume-estimate",
            "--format",
            "json");
    assertThat(impact.code()).as(impact.err()).isZero();
    assertThat(impact.json().path("datasets").get(0).path("with_head").asInt()).isEqualTo(2);
    assertThat(impact.json().path("outbox_events").asInt()).isEqualTo(5);
    Run down =
        cli("assess", "downstream", "--source", "eia", "--date-range", "2024-01-08:2024-01-12");
    assertThat(down.out()).contains("current_observations", "2024-01-09 version");
  }

  @Test
  void enhanced_validation_quarantines_a_replay_that_drifts_beyond_tolerance() {
    backfill(jan(1), jan(2), List.of(DS));
    upstream.doubled.add(jan(2));
    OperationSpec spec =
        new OperationSpec(
                SourceId.EIA,
                jan(1),
                jan(2),
                List.of(DS),
                2,
                1000,
                0,
                null,
                0.01,
                true,
                "latest_wins",
                null)
            .withParams(
                io.aurum.core.model.BasicParams.NONE.withQuality(
                    io.aurum.core.model.OperationParams.Quality.NONE.withProfile(
                        "enhanced_validation")));
    Operation op =
        service.create(
            OperationType.REPLAY,
            OperationIds.of(OperationType.REPLAY, jan(2), SourceId.EIA),
            spec,
            service.planner().plan(spec),
            Priority.NORMAL,
            "drift",
            "tester");
    service.start(op.id(), "tester", new LiveProgress());
    // Jan 1 came back unchanged and is published; Jan 2 doubled, 100 % drift against 50 %.
    assertThat(store.versions().versions(key(jan(1))))
        .extracting(PartitionVersion::state)
        .containsExactly(VersionState.SUPERSEDED, VersionState.PUBLISHED);
    assertThat(store.versions().versions(key(jan(2))))
        .extracting(PartitionVersion::state)
        .containsExactly(VersionState.PUBLISHED, VersionState.QUARANTINED);
  }
}
