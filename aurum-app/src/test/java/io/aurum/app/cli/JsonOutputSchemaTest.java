package io.aurum.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.aurum.app.testing.AurumCli;
import io.aurum.app.testing.CliFixture;
import io.aurum.core.model.Observation;
import io.aurum.core.model.PartitionKey;
import io.aurum.core.model.SourceId;
import io.aurum.core.model.TaskDraft;
import io.aurum.core.request.JsonSchemas;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;

/**
 * Issue 17: the JSON each command prints is the shape docs/schemas documents. Every command runs in
 * this JVM against a store seeded by a real sandbox backfill, with {@code --format json} (and
 * {@code ndjson} where offered), and its output is validated against its schema file; a listing
 * must have rows, so the schema is checked against real ones. docs/cli.md, the schema files, these
 * cases and the command tree must agree: a new JSON command without a schema fails here.
 */
class JsonOutputSchemaTest {
  static final ObjectMapper JSON = new ObjectMapper();
  static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
  static final Path SCHEMAS = ROOT.resolve("docs/schemas");
  static final String JOB = "BACKFILL_20240105_EIA";
  static final String DS = "ELEC.DEMAND";
  static final String REPLAY = "REPLAY_20240102_EIA";

  @TempDir static Path tmp;
  static CliFixture fx;

  /**
   * One command line, the schema its JSON follows, whether it also offers ndjson (each line is the
   * schema's {@code $defs/line}), and where the rows of its json document are (empty: the document
   * is the array of rows), which must not be empty.
   */
  record Case(String schema, List<String> args, boolean ndjson, String rows) {
    String command() {
      return args.stream().takeWhile(a -> !a.startsWith("-")).collect(Collectors.joining(" "));
    }

    @Override
    public String toString() {
      return String.join(" ", args);
    }
  }

  static Case c(String schema, boolean ndjson, String... args) {
    return new Case(schema, List.of(args), ndjson, "");
  }

  /** A case whose json document holds its rows at {@code rows}, a JSON pointer. */
  static Case d(String schema, String rows, boolean ndjson, String... args) {
    return new Case(schema, List.of(args), ndjson, rows);
  }

  static List<Case> cases() {
    String range = "2024-01-01:2024-01-10";
    return List.of(
        d("status", "/tasks", false, "status", "--job-id", JOB),
        d("status", "/tasks", false, "backfill", "--status", "--job-id", JOB),
        d(
            "plan",
            "/datasets",
            false,
            "backfill",
            "--source",
            "eia",
            "--datasets",
            DS,
            "--start-date",
            "2024-01-01",
            "--end-date",
            "2024-01-10",
            "--dry-run"),
        c("ops-list", true, "ops", "list", "--all"),
        c("workers-list", false, "workers", "list", "--dead-after-seconds", "86400000"),
        d(
            "gaps",
            "/datasets/0/ranges",
            true,
            "gaps",
            "--source",
            "eia",
            "--datasets",
            DS,
            "--date-range",
            range),
        d(
            "plan",
            "/datasets",
            false,
            "plan",
            "--source",
            "eia",
            "--datasets",
            DS,
            "--start-date",
            "2024-01-01",
            "--end-date",
            "2024-01-10"),
        d("estimate", "", false, "estimate", "backfill", "--source", "eia", "--date-range", range),
        d(
            "estimate",
            "",
            false,
            "estimate",
            "replay",
            "--source",
            "eia",
            "--datasets",
            DS,
            "--date-range",
            range),
        c(
            "export",
            true,
            "export",
            "--source",
            "eia",
            "--datasets",
            DS,
            "--date-range",
            "2024-01-01:2024-01-05"),
        c("coverage", true, "coverage", "--source", "eia", "--datasets", DS),
        d("quotas-validate", "/findings", true, "quotas", "validate"),
        c("audit-log", true, "audit", "log", "--job-id", JOB),
        d(
            "conflicts-detect",
            "/conflicts",
            false,
            "conflicts",
            "detect",
            "--source",
            "eia",
            "--date",
            "2024-01-02"),
        d(
            "compare-patterns",
            "/series",
            false,
            "compare",
            "patterns",
            "--source",
            "eia",
            "--datasets",
            DS,
            "--reference-date",
            "2024-01-02",
            "--comparison-date",
            "2024-01-03"),
        d("compare-quality", "/datasets", false, "compare", "quality", "--job-id", JOB),
        d("health-system", "/checks", false, "health", "system", "--detailed"),
        c("health-sources", false, "health", "sources", "--source", "eia"),
        d("capacity", "", false, "capacity", "--required-memory", "1Mi", "--required-cpu", "1"),
        d(
            "validate",
            "/findings",
            true,
            "validate",
            "completeness",
            "--source",
            "eia",
            "--datasets",
            DS,
            "--date-range",
            range),
        d(
            "validate",
            "/findings",
            true,
            "validate",
            "quality",
            "--source",
            "eia",
            "--datasets",
            DS,
            "--date-range",
            range,
            "--checks",
            "completeness,accuracy,consistency"),
        d(
            "validate",
            "/findings",
            true,
            "validate",
            "integrity",
            "--source",
            "eia",
            "--datasets",
            DS,
            "--date-range",
            range),
        d(
            "validate",
            "/findings",
            true,
            "validate",
            "operation",
            "--job-id",
            REPLAY,
            "--validation-checks",
            "all"),
        d("report", "/estimate_vs_actual", false, "report", "--job-id", JOB),
        d(
            "report-performance",
            "/estimate_vs_actual",
            false,
            "report",
            "performance",
            "--job-id",
            JOB),
        d(
            "assess-impact",
            "/datasets",
            false,
            "assess",
            "impact",
            "--source",
            "eia",
            "--datasets",
            DS,
            "--date-range",
            range,
            "--data-volume-estimate"),
        d(
            "assess-downstream",
            "/datasets",
            false,
            "assess",
            "downstream",
            "--source",
            "eia",
            "--date-range",
            range),
        d(
            "schema-check",
            "/conflicts",
            false,
            "schema",
            "check",
            "--source",
            "eia",
            "--expected-version",
            "v1",
            "--date",
            "2024-01-02"),
        d(
            "corruption-report",
            "/findings",
            false,
            "corruption",
            "detect",
            "--source",
            "eia",
            "--corruption-types",
            "schema,completeness,accuracy",
            "--scan-depth",
            "full",
            "--output",
            tmp.resolve("corruption_report.json").toString()),
        d(
            "damage-report",
            "/findings",
            false,
            "emergency",
            "assess",
            "--source",
            "eia",
            "--full-scan",
            "--output",
            tmp.resolve("damage_report.json").toString()),
        // CPI's daily window 90% used (seeded): a quota_window finding with its quota object.
        d(
            "damage-report",
            "/findings",
            false,
            "emergency",
            "assess",
            "--source",
            "cpi",
            "--output",
            tmp.resolve("damage_report_cpi.json").toString()),
        d(
            "recovery-plan",
            "/steps",
            false,
            "emergency",
            "plan",
            "--source",
            "eia",
            "--damage-assessment",
            tmp.resolve("damage_report.json").toString(),
            "--output",
            tmp.resolve("recovery_plan.json").toString()),
        c("emergency-status", false, "emergency", "status", "--all"),
        c("tokens-list", true, "tokens", "list", "--all"),
        c("tokens-create", false, "tokens", "create", "--role", "admin", "--name", "schema-test"),
        d("costs-track", "/metrics", false, "costs", "track", "--job-id", JOB),
        d("costs-report", "/groups", false, "costs", "report", "--time-range", today()),
        d("costs-profile", "/by_source", false, "costs", "profile", "--time-range", today()),
        c("alerts-list", false, "alerts", "list"),
        c("alerts-history", true, "alerts", "history"),
        c("metrics", true, "metrics", "--source", "eia"),
        c(
            "metrics-collect",
            true,
            "metrics",
            "collect",
            "--operation-type",
            "backfill",
            "--metrics",
            "duration,throughput,error_rate,memory_usage"),
        d("metrics-trends", "/days", false, "metrics", "trends", "--time-range", "7d"),
        // Last, as they move heads: 2024-01-04 (its value edited) isolated, released, recovered.
        d(
            "corruption-isolate",
            "/partitions",
            false,
            "corruption",
            "isolate",
            "--source",
            "eia",
            "--corruption-report",
            tmp.resolve("corruption_report.json").toString(),
            "--isolation-mode",
            "strict"),
        d("corruption-release", "/partitions", false, "corruption", "release", "--source", "eia"),
        d(
            "corruption-recover",
            "/partitions",
            false,
            "corruption",
            "recover",
            "--source",
            "eia",
            "--recovery-method",
            "selective_replay",
            "--data-range",
            "2024-01-01:2024-01-05"));
  }

  /** Today (UTC) as a range: the seeded operations were created today. */
  static String today() {
    LocalDate d = LocalDate.now(java.time.ZoneOffset.UTC);
    return d.minusDays(1) + ":" + d.plusDays(1);
  }

  static Stream<Object[]> runs() {
    List<Object[]> out = new ArrayList<>();
    for (Case c : cases()) {
      out.add(new Object[] {c, "json"});
      if (c.ndjson()) {
        out.add(new Object[] {c, "ndjson"});
      }
    }
    return out.stream();
  }

  @BeforeAll
  static void seed() throws Exception {
    fx = new CliFixture(tmp, false, 1000, 8);
    AurumCli.Result r = fx.backfillEiaDemand("2024-01-01", "2024-01-05");
    assertThat(r.exit()).as(r.all()).isZero();
    // A replay's staged candidate for 2024-01-02 that differs from the head: a real conflict for
    // conflicts detect, and a version of another schema for schema check.
    PartitionKey day = new PartitionKey(SourceId.EIA, DS, LocalDate.of(2024, 1, 2));
    fx.seedOperation(REPLAY, JOB, List.of(new TaskDraft(day, null, null)), true);
    try (var store = fx.openStore()) {
      long task = store.tasks().list(REPLAY, Set.of()).get(0).id();
      long staged = store.versions().stage(day, REPLAY, task, "v2.0");
      store
          .versions()
          .append(
              staged,
              List.of(new Observation("PJM-D", Instant.parse("2024-01-02T05:00:00Z"), 1.0, "MWh")));
    }
    // A negative demand in the head of 2024-01-04, its checksum left as it was: findings for
    // validate quality and validate integrity.
    try (Connection c = DriverManager.getConnection(fx.jdbcUrl());
        PreparedStatement ps =
            c.prepareStatement(
                "UPDATE observations SET value = -5 WHERE version_id = (SELECT id FROM"
                    + " partition_versions WHERE operation_id = ? AND period LIKE '2024-01-04%')")) {
      ps.setString(1, JOB);
      assertThat(ps.executeUpdate()).isPositive();
    }
    // 450 of CPI's 500 requests a day used (the test configuration's daily window).
    long today = Instant.now().getEpochSecond() / 86_400 * 86_400;
    try (Connection c = DriverManager.getConnection(fx.jdbcUrl());
        PreparedStatement ps =
            c.prepareStatement(
                "INSERT INTO quota_windows (source, key_id, period_seconds, window_start, used)"
                    + " VALUES ('cpi', 'k', 86400, ?, 450)")) {
      ps.setLong(1, today);
      assertThat(ps.executeUpdate()).isOne();
    }
    // A monitoring level raised and ended: a row for emergency status --all.
    AurumCli.Result monitor =
        AurumCli.run(
            fx.env(),
            "emergency",
            "monitor",
            "--level",
            "elevated",
            "--duration",
            "1m",
            "--reason",
            "schemas");
    assertThat(monitor.exit()).as(monitor.all()).isZero();
    AurumCli.Result released = AurumCli.run(fx.env(), "emergency", "release", "--monitor");
    assertThat(released.exit()).as(released.all()).isZero();
    // A worker registered: a row for workers list (the table is there on SQLite too).
    try (var store = fx.openStore()) {
      store
          .workers()
          .register(
              new io.aurum.core.port.WorkerRepository.Registration(
                  "worker-4242@host-a-0a1b2c3d",
                  "host-a",
                  4242,
                  java.util.Set.of("eia"),
                  4,
                  java.time.Instant.now()));
    }
    // A token made and one revoked: rows for tokens list --all.
    for (String name : new String[] {"grafana", "retired"}) {
      AurumCli.Result token =
          AurumCli.run(fx.env(), "tokens", "create", "--role", "viewer", "--name", name);
      assertThat(token.exit()).as(token.all()).isZero();
    }
    AurumCli.Result revoked = AurumCli.run(fx.env(), "tokens", "revoke", "--name", "retired");
    assertThat(revoked.exit()).as(revoked.all()).isZero();
    // Alert rules, and a test notice to a local Slack webhook: rows for alerts list and history.
    AurumCli.Result alerts =
        AurumCli.run(
            fx.env(),
            "alerts",
            "configure",
            "--alert-thresholds",
            "error_rate:0.05,duration:3600",
            "--notification-channels",
            "slack,pagerduty",
            "--escalation-policy",
            "tiered",
            "--source",
            "eia");
    assertThat(alerts.exit()).as(alerts.all()).isZero();
    try (var receivers = new io.aurum.app.testing.AlertReceivers()) {
      Map<String, String> env = new LinkedHashMap<>(fx.env());
      env.putAll(receivers.env());
      AurumCli.Result test = AurumCli.run(env, "alerts", "test", "--channel", "slack");
      assertThat(test.exit()).as(test.all()).isZero();
    }
  }

  @AfterAll
  static void close() {
    if (fx != null) {
      fx.close();
    }
  }

  static AurumCli.Result run(List<String> args, String format) {
    List<String> all = new ArrayList<>(args);
    all.addAll(List.of("--format", format));
    return AurumCli.run(fx.env(), all.toArray(String[]::new));
  }

  @ParameterizedTest(name = "{0} --format {1}")
  @MethodSource("runs")
  void the_output_matches_its_schema(Case c, String format) throws Exception {
    AurumCli.Result r = run(c.args(), format);
    assertThat(r.exit()).as(r.all()).isIn(0, 5);
    JsonNode schema = JSON.readTree(SCHEMAS.resolve(c.schema() + ".schema.json").toFile());
    List<String> documents =
        format.equals("ndjson")
            ? r.out().lines().filter(l -> !l.isBlank()).toList()
            : List.of(r.out());
    assertThat(documents).as("%s printed nothing", c).isNotEmpty();
    if (format.equals("ndjson")) {
      documents.forEach(
          l -> assertThat(l).as("%s: an ndjson line is one compact object", c).startsWith("{"));
      assertThat(schema.at("/$defs/line").isObject()).as(c.schema() + ": no $defs/line").isTrue();
    } else {
      JsonNode rows = JSON.readTree(r.out()).at(c.rows());
      assertThat(rows.isContainerNode() && !rows.isEmpty())
          .as("%s printed no rows at '%s': %s", c, c.rows(), r.out())
          .isTrue();
    }
    String against = format.equals("ndjson") ? line(schema) : schema.toString();
    for (String doc : documents) {
      assertThat(enumValues(JSON.readTree(doc), new ArrayList<>()))
          .as("%s --format %s: source ids and enum values are lower case", c, format)
          .filteredOn(v -> v.matches("[A-Za-z_]+"))
          .allMatch(v -> v.equals(v.toLowerCase(java.util.Locale.ROOT)));
      assertThat(JsonSchemas.problems(against, doc))
          .as("%s --format %s against %s%n%s", c, format, c.schema(), doc)
          .isEmpty();
    }
  }

  /** The values of the properties that hold a source id or an enum value, anywhere in {@code n}. */
  static List<String> enumValues(JsonNode n, List<String> out) {
    Set<String> named = Set.of("source", "state", "type", "kind", "severity", "verdict", "status");
    n.fields()
        .forEachRemaining(
            e -> {
              if (named.contains(e.getKey()) && e.getValue().isTextual()) {
                out.add(e.getValue().asText());
              }
            });
    n.elements().forEachRemaining(x -> enumValues(x, out));
    return out;
  }

  /** The schema of one ndjson line: the document's {@code $defs/line}. */
  static String line(JsonNode schema) {
    var s = JSON.createObjectNode();
    s.put("$schema", schema.path("$schema").asText());
    s.set("$defs", schema.path("$defs"));
    s.put("$ref", "#/$defs/line");
    return s.toString();
  }

  @Test
  void every_schema_file_is_used_by_a_case() throws Exception {
    Set<String> files;
    try (Stream<Path> s = Files.list(SCHEMAS)) {
      files =
          s.map(p -> p.getFileName().toString())
              .filter(n -> n.endsWith(".schema.json"))
              .map(n -> n.substring(0, n.length() - ".schema.json".length()))
              .collect(Collectors.toCollection(TreeSet::new));
    }
    Set<String> used =
        cases().stream().map(Case::schema).collect(Collectors.toCollection(TreeSet::new));
    assertThat(files).isEqualTo(used);
    for (String f : files) {
      JsonNode s = JSON.readTree(SCHEMAS.resolve(f + ".schema.json").toFile());
      assertThat(s.path("$schema").asText())
          .as(f)
          .isEqualTo("https://json-schema.org/draft/2020-12/schema");
      assertThat(s.path("$id").asText()).as(f).endsWith("/" + f + ".schema.json");
      assertThat(s.path("title").asText()).as(f).isNotBlank();
      assertThat(s.path("description").asText()).as(f).isNotBlank();
    }
  }

  /** Every command with --format has a case, and docs/cli.md lists exactly the formats it takes. */
  @Test
  void every_command_offering_json_has_a_schema_and_docs_cli_md_says_its_formats()
      throws Exception {
    Set<String> withFormat = new TreeSet<>();
    collect(
        Cli.commandLine(
            new CliContext(
                Map.of(),
                new PrintWriter(new StringWriter()),
                new PrintWriter(new StringWriter()),
                Clock.systemUTC())),
        "",
        withFormat);
    Map<String, Case> byCommand = new LinkedHashMap<>();
    Map<String, Set<String>> schemasOf = new TreeMap<>();
    for (Case c : cases()) {
      byCommand.put(c.command(), c);
      schemasOf.computeIfAbsent(c.command(), k -> new TreeSet<>()).add(c.schema());
    }
    assertThat(byCommand.keySet()).containsExactlyInAnyOrderElementsOf(withFormat);

    Map<String, String[]> documented = documented();
    assertThat(documented.keySet()).containsExactlyInAnyOrderElementsOf(withFormat);
    for (Case c : byCommand.values()) {
      // The refusal of an unknown format names the ones the command takes, default first.
      AurumCli.Result r = run(c.args(), "yaml");
      assertThat(r.exit()).as(r.all()).isEqualTo(2);
      Matcher m = Pattern.compile("use (.*) or (\\w+)").matcher(r.err().strip());
      assertThat(m.find()).as(r.err()).isTrue();
      List<String> offered = new ArrayList<>(List.of(m.group(1).split(", ")));
      offered.add(m.group(2));
      String[] row = documented.get(c.command());
      assertThat(row[0]).as(c.command()).isEqualTo(String.join(", ", offered));
      Set<String> linked = new TreeSet<>();
      Matcher link = Pattern.compile("\\(schemas/([a-z-]+)\\.schema\\.json\\)").matcher(row[1]);
      while (link.find()) {
        linked.add(link.group(1));
      }
      assertThat(linked).as(c.command()).isEqualTo(schemasOf.get(c.command()));
      assertThat(offered).as(c.command()).contains("json");
      assertThat(c.ndjson()).as(c.command()).isEqualTo(offered.contains("ndjson"));
    }
  }

  private static void collect(CommandLine cl, String path, Set<String> out) {
    for (var e : cl.getSubcommands().entrySet()) {
      String name = path.isEmpty() ? e.getKey() : path + " " + e.getKey();
      CommandLine sub = e.getValue();
      if (sub.getCommandSpec().findOption("--format") != null) {
        out.add(name);
      }
      collect(sub, name, out);
    }
  }

  /**
   * docs/cli.md's rows: {@code | `aurum CMD` | formats | [schema](schemas/X.schema.json), ... |}.
   */
  static Map<String, String[]> documented() throws Exception {
    Map<String, String[]> out = new TreeMap<>();
    Pattern row = Pattern.compile("^\\| `aurum ([a-z ]+)` \\| ([a-z, ]+) \\| (\\[.*\\)) \\|$");
    for (String line : Files.readAllLines(ROOT.resolve("docs/cli.md"))) {
      Matcher m = row.matcher(line.strip());
      if (m.matches()) {
        assertThat(out.put(m.group(1), new String[] {m.group(2), m.group(3)}))
            .as("listed twice: " + m.group(1))
            .isNull();
      }
    }
    return out;
  }
}
