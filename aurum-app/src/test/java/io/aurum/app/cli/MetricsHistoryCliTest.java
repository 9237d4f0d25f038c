package io.aurum.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.aurum.app.testing.AurumCli;
import io.aurum.app.testing.CliFixture;
import io.aurum.core.model.OperationState;
import io.aurum.core.model.TaskState;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;

/**
 * Issue 19 part 2 end to end: a sandbox backfill leaves its history in the store; {@code aurum
 * metrics} shows it (live while it runs, with {@code --active-only}), {@code metrics collect}
 * exports it (the Prometheus text passes promtool) and {@code metrics trends} buckets it by day and
 * draws it as well-formed SVG. Every command is a new process's view: the history survived.
 */
class MetricsHistoryCliTest {
  static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path tmp;
  CliFixture fx;

  @BeforeEach
  void setUp() {
    fx = new CliFixture(tmp, false, 1000, 8);
  }

  @AfterEach
  void tearDown() {
    fx.close();
  }

  AurumCli.Result ok(String... args) {
    AurumCli.Result r = AurumCli.run(fx.env(), args);
    assertThat(r.exit()).as(r.all()).isZero();
    return r;
  }

  @Test
  void a_running_backfill_is_live_and_its_history_stays_after_it_ended() throws Exception {
    fx.sandbox.faults("eia").latencyMs(150);
    CompletableFuture<AurumCli.Result> run =
        CompletableFuture.supplyAsync(() -> fx.backfillEiaDemand("2024-01-01", "2024-01-20"));
    JsonNode live = null;
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (live == null && System.nanoTime() < deadline && !run.isDone()) {
      JsonNode rows =
          JSON.readTree(
              ok("metrics", "--source", "eia", "--active-only", "--format", "json").out());
      live = rows.isEmpty() ? null : rows.get(0);
    }
    assertThat(live).as("a live row while the backfill runs").isNotNull();
    assertThat(live.get("state").asText()).isEqualTo("running");
    assertThat(live.get("type").asText()).isEqualTo("backfill");
    AurumCli.Result done = run.get(120, TimeUnit.SECONDS);
    assertThat(done.exit()).as(done.all()).isZero();

    assertThat(ok("metrics", "--source", "eia", "--active-only").out())
        .contains("no operation is running");
    JsonNode after = JSON.readTree(ok("metrics", "--source", "eia", "--format", "json").out());
    assertThat(after).hasSize(1);
    JsonNode row = after.get(0);
    assertThat(row.get("state").asText()).isEqualTo("succeeded");
    try (var store = fx.openStore()) {
      var op = store.operations().list(Set.of(OperationState.SUCCEEDED)).get(0);
      var tasks = store.tasks().list(op.id(), Set.of(TaskState.SUCCEEDED));
      assertThat(row.get("operation_id").asText()).isEqualTo(op.id());
      assertThat(row.get("partitions").asLong()).isEqualTo(tasks.size()).isEqualTo(20);
      assertThat(row.get("records").asLong())
          .isEqualTo(tasks.stream().mapToLong(t -> t.counters().records()).sum());
    }
    assertThat(row.get("failed").asLong()).isZero();
    assertThat(row.get("error_rate").asDouble()).isZero();
    assertThat(row.get("requests").asLong()).isEqualTo(fx.sandbox.stats("eia").requests());
    assertThat(row.get("memory_bytes").asLong()).isPositive();
    assertThat(row.get("duration_seconds").asDouble()).isPositive();
    assertThat(ok("metrics", "--source", "fred", "--format", "json").out().strip()).isEqualTo("[]");
  }

  @Test
  void collect_exports_what_promtool_accepts_and_trends_draw_well_formed_svg() throws Exception {
    AurumCli.Result b = fx.backfillEiaDemand("2024-01-01", "2024-01-03");
    assertThat(b.exit()).as(b.all()).isZero();

    String prom =
        ok(
                "metrics",
                "collect",
                "--operation-type",
                "backfill",
                "--metrics",
                "duration,throughput,error_rate,memory_usage",
                "--output-format",
                "prometheus")
            .out();
    MetricsCliTest.promtool(prom);
    Map<String, String> labels = Map.of("operation_type", "backfill", "source", "eia");
    assertThat(MetricsCliTest.value(prom, "aurum_operation_error_ratio", labels)).isZero();
    assertThat(MetricsCliTest.value(prom, "aurum_operation_duration_seconds", labels)).isPositive();
    assertThat(MetricsCliTest.value(prom, "aurum_operation_memory_usage_bytes", labels))
        .isPositive();
    assertThat(prom).contains("ended=\"true\"").doesNotContain("aurum_operation_rows");
    assertThat(
            ok("metrics", "collect", "--operation-type", "replay", "--output-format", "csv").out())
        .isEqualTo(
            "operation_id,type,source,ended,sampled_at,duration,throughput,error_rate,memory_usage\n");

    Path chart = tmp.resolve("trends.svg");
    JsonNode trends =
        JSON.readTree(
            ok(
                    "metrics",
                    "trends",
                    "--time-range",
                    "7d",
                    "--metrics",
                    "avg_duration,p95_duration,error_rate",
                    "--chart",
                    chart.toString(),
                    "--format",
                    "json")
                .out());
    assertThat(trends.get("days")).hasSize(7);
    JsonNode today = trends.get("days").get(6);
    assertThat(today.get("day").asText()).isEqualTo(LocalDate.now(ZoneOffset.UTC).toString());
    assertThat(today.get("runs").asInt()).isEqualTo(1);
    assertThat(today.get("avg_duration").asDouble())
        .isEqualTo(today.get("p95_duration").asDouble())
        .isPositive();
    assertThat(trends.get("days").get(0).get("avg_duration").isNull()).isTrue();
    assertThat(trends.get("trends").findValuesAsText("direction")).containsOnly("unknown");
    // Well-formed XML, read offline: the SVG DTD it names is not fetched.
    DocumentBuilderFactory xml = DocumentBuilderFactory.newInstance();
    xml.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
    Document svg = xml.newDocumentBuilder().parse(chart.toFile());
    assertThat(svg.getDocumentElement().getTagName()).isEqualTo("svg");
    assertThat(Files.readString(chart)).contains("avg_duration").contains("p95_duration");

    // The HTML report draws the same trends, inline, now that history exists.
    String html = ok("report", "--job-id", "BACKFILL_20240103_EIA", "--format", "html").out();
    assertThat(html).contains("<h2>Trends of operations, last 7 days</h2>");
    assertThat(html.substring(html.indexOf("Trends of operations"))).contains("<svg");
  }
}
