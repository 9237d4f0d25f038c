package io.aurum.app.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Issue 19 part 5: deploy/grafana/aurum-operations.json is a dashboard of Grafana's classic JSON
 * model for the schema version it declares (36 to 41: Grafana 9.x to 11.x; datasources are
 * references, panels a flat list with rows, a 24-column grid), with the uid of the runbook's URL,
 * and every PromQL expression names only metrics Aurum exports: here against docs/monitoring.md,
 * and in MetricsCliTest against a live scrape of a sandbox backfill.
 */
public class GrafanaDashboardTest {
  static final Path DASHBOARD = Path.of("..", "deploy", "grafana", "aurum-operations.json");
  static final Set<String> PANEL_TYPES =
      Set.of("row", "stat", "timeseries", "bargauge", "gauge", "table", "text", "piechart");
  static final Set<String> KEYWORDS =
      Set.of(
          "by",
          "without",
          "on",
          "ignoring",
          "group_left",
          "group_right",
          "bool",
          "offset",
          "and",
          "or",
          "unless",
          "inf",
          "nan");
  static final ObjectMapper JSON = new ObjectMapper();

  static JsonNode dashboard() throws IOException {
    return JSON.readTree(Files.readString(DASHBOARD));
  }

  /** Every PromQL expression of the dashboard: panel targets and query variables. */
  static List<String> expressions(JsonNode d) {
    List<String> out = new ArrayList<>();
    for (JsonNode p : d.path("panels")) {
      p.path("targets").forEach(t -> out.add(t.path("expr").asText()));
    }
    for (JsonNode v : d.at("/templating/list")) {
      if (v.path("type").asText().equals("query")) {
        out.add(v.at("/query/query").asText());
      }
    }
    return out;
  }

  /**
   * The metric names an expression reads: strings, label matchers, ranges and grouping clauses
   * stripped, then every identifier that is not a function call, a keyword or a number.
   */
  static Set<String> metrics(String expr) {
    String e =
        expr.replaceAll("\"(?:[^\"\\\\]|\\\\.)*\"", "\"\"")
            .replaceAll("\\{[^}]*}", " ")
            .replaceAll("\\[[^]]*]", " ")
            .replaceAll("\\b(by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)", " ")
            .replaceAll("label_values\\(([a-zA-Z_:][a-zA-Z0-9_:]*)\\s*,[^)]*\\)", " $1 ");
    Set<String> out = new TreeSet<>();
    Matcher m = Pattern.compile("(?<![\\w$.])([a-zA-Z_:][a-zA-Z0-9_:]*)(\\s*\\()?").matcher(e);
    while (m.find()) {
      String name = m.group(1);
      if (m.group(2) == null && !KEYWORDS.contains(name.toLowerCase(java.util.Locale.ROOT))) {
        out.add(name);
      }
    }
    return out;
  }

  /** Every metric the dashboard reads. */
  public static Set<String> metricNames() throws IOException {
    Set<String> out = new TreeSet<>();
    expressions(dashboard()).forEach(x -> out.addAll(metrics(x)));
    return out;
  }

  @Test
  void the_parser_finds_metrics_and_nothing_else() {
    assertThat(
            metrics(
                "histogram_quantile(0.95, sum by (le, source) (rate(a_bucket{source=~\"$s\", x!=\"y z\"}[$__rate_interval]))) / ignoring(le) b_total offset 5m * 3600"))
        .containsExactly("a_bucket", "b_total");
    assertThat(metrics("label_values(aurum_x_total, source)")).containsExactly("aurum_x_total");
  }

  @Test
  void the_dashboard_has_the_runbooks_uid_and_the_fields_its_schema_version_requires()
      throws IOException {
    JsonNode d = dashboard();
    assertThat(d.path("uid").asText()).isEqualTo("data-operations");
    assertThat(d.path("uid").asText()).matches("[a-zA-Z0-9_-]{1,40}");
    assertThat(d.path("schemaVersion").isInt()).isTrue();
    assertThat(d.path("schemaVersion").asInt()).isBetween(36, 41);
    assertThat(d.path("title").asText()).isNotBlank();
    assertThat(d.path("tags").isArray()).isTrue();
    assertThat(d.path("editable").isBoolean()).isTrue();
    assertThat(d.at("/time/from").isTextual() && d.at("/time/to").isTextual()).isTrue();
    assertThat(d.at("/templating/list").isArray()).isTrue();
    assertThat(d.at("/annotations/list").isArray()).isTrue();
    assertThat(d.path("refresh").isTextual()).isTrue();
    assertThat(d.path("panels").isArray() && !d.path("panels").isEmpty()).isTrue();
    for (JsonNode v : d.at("/templating/list")) {
      assertThat(v.path("name").asText()).matches("\\w+");
      assertThat(v.path("type").asText()).isIn("datasource", "query", "custom", "interval");
      if (v.path("type").asText().equals("query")) {
        datasourceRef(v.path("datasource"), v.path("name").asText());
      }
    }
  }

  @Test
  void every_panel_is_valid_on_the_24_column_grid_without_overlaps() throws IOException {
    Set<Integer> ids = new HashSet<>();
    List<int[]> boxes = new ArrayList<>();
    for (JsonNode p : dashboard().path("panels")) {
      String what = p.path("title").asText();
      assertThat(p.path("id").isInt()).as(what).isTrue();
      assertThat(ids.add(p.path("id").asInt())).as("unique id: " + what).isTrue();
      assertThat(what).isNotBlank();
      assertThat(p.path("type").asText()).as(what).isIn(PANEL_TYPES);
      JsonNode g = p.path("gridPos");
      for (String k : List.of("h", "w", "x", "y")) {
        assertThat(g.path(k).isInt()).as(what + " gridPos." + k).isTrue();
      }
      int h = g.path("h").asInt(), w = g.path("w").asInt(), x = g.path("x").asInt();
      int y = g.path("y").asInt();
      assertThat(h).as(what).isPositive();
      assertThat(w).as(what).isBetween(1, 24);
      assertThat(x).as(what).isBetween(0, 23);
      assertThat(x + w).as(what).isLessThanOrEqualTo(24);
      assertThat(y).as(what).isNotNegative();
      for (int[] b : boxes) {
        boolean apart = x + w <= b[0] || b[0] + b[2] <= x || y + h <= b[1] || b[1] + b[3] <= y;
        assertThat(apart).as(what + " overlaps another panel").isTrue();
      }
      boxes.add(new int[] {x, y, w, h});
      if (p.path("type").asText().equals("row")) {
        assertThat(h).isEqualTo(1);
        assertThat(w).isEqualTo(24);
        assertThat(p.path("collapsed").isBoolean()).as(what).isTrue();
        assertThat(p.path("panels").isArray()).as(what).isTrue();
        continue;
      }
      datasourceRef(p.path("datasource"), what);
      assertThat(p.at("/fieldConfig/defaults").isObject()).as(what).isTrue();
      assertThat(p.at("/fieldConfig/overrides").isArray()).as(what).isTrue();
      assertThat(p.path("options").isObject()).as(what).isTrue();
      Set<String> refIds = new HashSet<>();
      assertThat(p.path("targets").isEmpty()).as(what + " has no query").isFalse();
      for (JsonNode t : p.path("targets")) {
        assertThat(refIds.add(t.path("refId").asText())).as(what + " refId").isTrue();
        assertThat(t.path("refId").asText()).matches("[A-Z]");
        assertThat(t.path("expr").asText()).as(what).isNotBlank();
        datasourceRef(t.path("datasource"), what);
        assertThat(balanced(t.path("expr").asText())).as(what).isTrue();
      }
    }
  }

  @Test
  void the_dashboard_covers_the_issue_and_reads_only_documented_metrics() throws IOException {
    Set<String> names = metricNames();
    assertThat(names)
        .contains(
            "aurum_operations_active",
            "aurum_partitions_total",
            "aurum_upstream_requests_total",
            "aurum_quota_tokens_remaining",
            "aurum_upstream_throttled_total",
            "aurum_cost_estimated_usd_total",
            "aurum_relay_lag_seconds");
    String documented = Files.readString(Path.of("..", "docs", "monitoring.md"));
    for (String n : names) {
      String base = n.replaceAll("_(bucket|sum|count)$", "");
      assertThat(documented).as(n + " is not in docs/monitoring.md").contains("`" + base + "`");
    }
  }

  /** The "Relay lag" panel reads the lag a relay process exports, once per job, in seconds. */
  @Test
  void the_relay_lag_panel_reads_the_relays_lag_in_seconds() throws IOException {
    JsonNode lag = null;
    for (JsonNode p : dashboard().path("panels")) {
      if (p.path("title").asText().equals("Relay lag")) {
        lag = p;
      }
    }
    assertThat(lag).as("a panel titled Relay lag").isNotNull();
    assertThat(lag.path("type").asText()).isEqualTo("timeseries");
    assertThat(lag.at("/fieldConfig/defaults/unit").asText()).isEqualTo("s");
    assertThat(lag.at("/targets/0/expr").asText())
        .isEqualTo("max by (job) (aurum_relay_lag_seconds)");
  }

  /** The metrics only a process running the Kafka relay exports (PostgresRelayTest scrapes one). */
  public static Set<String> relayMetricNames() throws IOException {
    Set<String> out = new TreeSet<>();
    for (String n : metricNames()) {
      if (n.startsWith("aurum_relay_")) {
        out.add(n);
      }
    }
    return out;
  }

  /** Since schema version 33 a datasource is a reference {type, uid}, not a name. */
  static void datasourceRef(JsonNode ds, String what) {
    assertThat(ds.isObject()).as(what + ": datasource is a {type, uid} reference").isTrue();
    assertThat(ds.path("type").asText()).as(what).isEqualTo("prometheus");
    assertThat(ds.path("uid").asText()).as(what).isNotBlank();
  }

  static boolean balanced(String s) {
    int depth = 0;
    for (char c : s.toCharArray()) {
      depth += c == '(' || c == '{' || c == '[' ? 1 : c == ')' || c == '}' || c == ']' ? -1 : 0;
      if (depth < 0) {
        return false;
      }
    }
    return depth == 0;
  }
}
