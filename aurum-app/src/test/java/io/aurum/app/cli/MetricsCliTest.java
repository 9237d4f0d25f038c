package io.aurum.app.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.aurum.app.testing.AurumCli;
import io.aurum.app.testing.CliFixture;
import io.aurum.core.model.OperationState;
import io.aurum.core.model.TaskState;
import io.aurum.sandbox.SourceStats;
import io.aurum.store.JdbcStore;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 19 part 1: a sandbox backfill with {@code --metrics-port} serves {@code /metrics} over HTTP
 * while it runs and (with {@code --metrics-linger}) after it ended; the counters equal what the
 * operation did (partitions and rows in the store, requests the sandbox got, by status), the
 * histograms are there, every label is bounded, and {@code promtool check metrics} passes on the
 * text scraped.
 */
public class MetricsCliTest {
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  /** Labels whose values may only come from small fixed sets. */
  private static final Set<String> BOUNDED_LABELS =
      Set.of(
          "source",
          "dataset",
          "operation_type",
          "outcome",
          "status",
          "lane",
          "kind",
          "window",
          "rule",
          "severity",
          "le",
          "area",
          "id",
          "gc",
          "action",
          "cause",
          "state",
          "version",
          "vendor",
          "runtime");

  @TempDir Path tmp;
  CliFixture fx;

  @BeforeEach
  void setUp() throws IOException {
    fx = new CliFixture(tmp, false, 1000, 8);
    // An hourly window for EIA too, so that the shared quota's tokens left are reported.
    Path quotas = fx.config.resolve("data_source_quotas.json");
    String text = Files.readString(quotas);
    String eia = "\"eia\":  {\"limits\": [{\"requests\": 1000, \"period\": \"PT1S\"}";
    assertThat(text).contains(eia);
    Files.writeString(
        quotas, text.replace(eia, eia + ", {\"requests\": 5000, \"period\": \"PT1H\"}"));
    // Prices, for aurum_cost_estimated_usd_total: the strictest EIA limit is now 5000 an hour, so a
    // quota-day is 120,000 requests.
    Files.writeString(
        fx.config.resolve("cost_model.json"),
        """
        {"sources": {"eia": {"api_call_cost": 0.001, "price_per_gb_transferred": 0.5,
                             "quota_day_value": 12.0}}}
        """);
  }

  @AfterEach
  void tearDown() {
    fx.close();
  }

  @Test
  void a_backfill_serves_metrics_that_match_what_it_did_and_pass_promtool() throws Exception {
    int port = freePort();
    // An alert rule, so that the run evaluates alerts and exports aurum_alerts_firing: a 429 in
    // 185 partitions is far below 50 %, so it never fires.
    AurumCli.Result rule =
        AurumCli.run(
            fx.env(),
            "alerts",
            "configure",
            "--alert-thresholds",
            "error_rate:0.5",
            "--notification-channels",
            "slack");
    assertThat(rule.exit()).as(rule.all()).isZero();
    // Slow enough to be scraped while it runs; one 429 to count.
    fx.sandbox.faults("eia").latencyMs(150).throttleNext(1, 1);
    CompletableFuture<AurumCli.Result> run =
        CompletableFuture.supplyAsync(
            () ->
                AurumCli.run(
                    fx.env(),
                    "backfill",
                    "--source",
                    "eia",
                    "--start-date",
                    "2024-01-01",
                    "--end-date",
                    "2024-03-31",
                    "--metrics-port",
                    Integer.toString(port),
                    "--metrics-linger",
                    "5"));

    // During the run: the server answers, and the operation is active.
    String during =
        await("a scrape while the backfill runs")
            .atMost(Duration.ofSeconds(60))
            .pollInterval(Duration.ofMillis(20))
            .failFast("the backfill ended before a scrape saw it run", run::isDone)
            .until(
                () -> scrape(port),
                shows("aurum_operations_active", Map.of("operation_type", "backfill")));
    assertThat(during).contains("# TYPE jvm_memory_used_bytes gauge");

    // After it: the final figures, while the process lingers.
    String after =
        await("a scrape after the backfill ended")
            .atMost(Duration.ofSeconds(120))
            .pollInterval(Duration.ofMillis(50))
            .until(
                () -> scrape(port),
                shows("aurum_operations_ended_total", Map.of("outcome", "succeeded")));

    // What the operation did, from the store and the sandbox.
    SourceStats.Snapshot sent = fx.sandbox.stats("eia");
    long published;
    long rows;
    try (JdbcStore store = fx.openStore()) {
      var op = store.operations().list(Set.of(OperationState.SUCCEEDED)).get(0);
      var tasks = store.tasks().list(op.id(), Set.of(TaskState.SUCCEEDED));
      published = tasks.size();
      rows = tasks.stream().mapToLong(t -> t.counters().records()).sum();
    }
    assertThat(published).isEqualTo(185);
    assertThat(value(after, "aurum_partitions_total", Map.of("outcome", "published")))
        .isEqualTo(published);
    assertThat(value(after, "aurum_partitions_total", Map.of("outcome", "failed"))).isZero();
    assertThat(value(after, "aurum_rows_total", Map.of())).isEqualTo(rows);
    assertThat(value(after, "aurum_store_published_rows_total", Map.of())).isEqualTo(rows);
    assertThat(value(after, "aurum_store_published_partitions_total", Map.of()))
        .isEqualTo(published);
    // Requests by status: every request the sandbox got, the 429 apart.
    assertThat(sent.throttled()).isEqualTo(1);
    assertThat(value(after, "aurum_upstream_requests_total", Map.of())).isEqualTo(sent.requests());
    assertThat(value(after, "aurum_upstream_requests_total", Map.of("status", "429"))).isEqualTo(1);
    assertThat(value(after, "aurum_upstream_requests_total", Map.of("status", "200")))
        .isEqualTo(sent.requests() - 1);
    assertThat(value(after, "aurum_upstream_throttled_total", Map.of())).isEqualTo(1);
    assertThat(value(after, "aurum_upstream_retries_total", Map.of("kind", "backoff")))
        .isEqualTo(1);
    assertThat(value(after, "aurum_upstream_bytes_total", Map.of())).isPositive();
    // Histograms: a bucket per bound and a count of every request / group commit.
    assertThat(after).contains("# TYPE aurum_upstream_request_duration_seconds histogram");
    assertThat(value(after, "aurum_upstream_request_duration_seconds_count", Map.of()))
        .isEqualTo(sent.requests());
    assertThat(value(after, "aurum_upstream_request_duration_seconds_bucket", Map.of("le", "+Inf")))
        .isEqualTo(sent.requests());
    assertThat(after).contains("# TYPE aurum_store_publish_duration_seconds histogram");
    assertThat(value(after, "aurum_store_publish_duration_seconds_count", Map.of())).isPositive();
    // Quotas and the breaker.
    assertThat(
            value(after, "aurum_quota_tokens_remaining", Map.of("source", "eia", "window", "3600")))
        .isEqualTo(4000 - (sent.requests() - 1) - 0, org.assertj.core.data.Offset.offset(1.0));
    assertThat(value(after, "aurum_breaker_open", Map.of("source", "eia"))).isZero();
    assertThat(after).contains("aurum_quota_wait_seconds_total{");
    // Alerts: the configured rule's metric at both severities, none firing.
    assertThat(value(after, "aurum_alerts_firing", Map.of("rule", "error_rate"))).isZero();
    assertThat(after)
        .contains("aurum_alerts_firing{rule=\"error_rate\",severity=\"critical\"}")
        .contains("aurum_alerts_firing{rule=\"error_rate\",severity=\"error\"}");
    // Process and JVM.
    assertThat(after).contains("process_uptime_seconds ", "jvm_threads_live_threads ");

    // Costs: every request at 0.001 + 12 / 120,000, every byte at 0.5 / 10^9.
    double bytes = value(after, "aurum_upstream_bytes_total", Map.of());
    assertThat(value(after, "aurum_cost_estimated_usd_total", Map.of("source", "eia")))
        .isCloseTo(
            sent.requests() * (0.001 + 12.0 / 120_000) + bytes * 0.5 / 1e9,
            org.assertj.core.data.Offset.offset(1e-9));
    // The Grafana dashboard reads only metrics this scrape has (the relay's: a relay's scrape,
    // in PostgresRelayTest).
    Set<String> exported = new HashSet<>();
    after
        .lines()
        .filter(l -> !l.startsWith("#") && !l.isBlank())
        .forEach(l -> exported.add(l.split("[{ ]", 2)[0]));
    Set<String> dashboard = new HashSet<>(io.aurum.app.metrics.GrafanaDashboardTest.metricNames());
    dashboard.removeAll(io.aurum.app.metrics.GrafanaDashboardTest.relayMetricNames());
    assertThat(exported).containsAll(dashboard);

    assertBoundedLabels(after);
    promtool(after);
    // Issue 19 part 7: every family this process exported is in docs/monitoring.md.
    assertThat(undocumented(after)).as("families missing from docs/monitoring.md").isEmpty();

    // The run itself ends normally once the linger is over.
    AurumCli.Result r = run.get(120, TimeUnit.SECONDS);
    assertThat(r.exit()).as(r.all()).isZero();
    assertThat(r.err()).contains("metrics: http://localhost:" + port + "/metrics");
  }

  @Test
  void a_taken_port_is_a_one_line_error() throws Exception {
    try (ServerSocket taken = new ServerSocket(0)) {
      AurumCli.Result r =
          fx.backfillEiaDemand(
              "2024-01-01", "2024-01-02", "--metrics-port", Integer.toString(taken.getLocalPort()));
      assertThat(r.exit()).as(r.all()).isEqualTo(2);
      assertThat(r.err()).contains("--metrics-port " + taken.getLocalPort() + ": cannot listen");
    }
    AurumCli.Result r = fx.backfillEiaDemand("2024-01-01", "2024-01-02", "--metrics-linger", "5");
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).contains("--metrics-linger needs --metrics-port");
  }

  static final Path MONITORING =
      Path.of("..").toAbsolutePath().normalize().resolve("docs/monitoring.md");

  /**
   * The metric families of a scrape ({@code # TYPE} lines) that docs/monitoring.md does not name in
   * backticks: a counter may be named with its {@code _total}, a timer's {@code _max} gauge by the
   * timer.
   */
  public static Set<String> undocumented(String scrape) throws IOException {
    String doc = Files.readString(MONITORING);
    Set<String> missing = new java.util.TreeSet<>();
    Matcher m = Pattern.compile("(?m)^# TYPE (\\S+) \\S+$").matcher(scrape);
    while (m.find()) {
      String family = m.group(1);
      String base = family.endsWith("_max") ? family.substring(0, family.length() - 4) : family;
      if (!named(doc, family) && !named(doc, base)) {
        missing.add(family);
      }
    }
    return missing;
  }

  private static boolean named(String doc, String family) {
    return Pattern.compile("`" + Pattern.quote(family) + "(_total)?[`{]").matcher(doc).find();
  }

  /**
   * Families registered only when their event happens (a deferral, an open breaker) need not be in
   * a scrape to be documented: every meter name of the metrics package (EngineMetrics and the
   * meters it keeps per run, dataset, source and store) is in docs/monitoring.md.
   */
  @Test
  void every_engine_metric_is_in_the_monitoring_page() throws IOException {
    StringBuilder source = new StringBuilder();
    try (var files = Files.list(Path.of("src/main/java/io/aurum/app/metrics"))) {
      for (Path f : files.sorted().toList()) {
        source.append(Files.readString(f));
      }
    }
    String doc = Files.readString(MONITORING);
    Matcher m = Pattern.compile("\"(aurum(?:\\.[a-z]+)+)\"").matcher(source);
    Set<String> names = new java.util.TreeSet<>();
    while (m.find()) {
      names.add(m.group(1).replace('.', '_'));
    }
    assertThat(names).hasSizeGreaterThanOrEqualTo(15);
    assertThat(names).allSatisfy(n -> assertThat(doc).contains("`" + n));
  }

  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  /** A scrape that answered and shows {@code metric} with {@code labels} at 1. */
  private static Predicate<String> shows(String metric, Map<String, String> labels) {
    return text -> text != null && value(text, metric, labels) == 1;
  }

  public static String scrape(int port) {
    try {
      HttpResponse<String> r =
          HTTP.send(
              HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics"))
                  .timeout(Duration.ofSeconds(5))
                  .build(),
              HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
      if (r.statusCode() != 200) {
        return null;
      }
      assertThat(r.headers().firstValue("Content-Type").orElse(""))
          .startsWith("text/plain; version=0.0.4");
      return r.body();
    } catch (IOException e) {
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
  }

  private static final Pattern SAMPLE =
      Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\\{(.*)\\})? (\\S+)$");
  private static final Pattern LABEL =
      Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");

  /** The sum of {@code name}'s samples whose labels include {@code labels}. */
  public static double value(String text, String name, Map<String, String> labels) {
    double sum = 0;
    for (String line : text.split("\n")) {
      Matcher m = SAMPLE.matcher(line);
      if (!m.matches() || !m.group(1).equals(name)) {
        continue;
      }
      Map<String, String> has = labels(m.group(2));
      if (has.entrySet().containsAll(labels.entrySet())) {
        sum += Double.parseDouble(m.group(3));
      }
    }
    return sum;
  }

  static Map<String, String> labels(String inside) {
    Map<String, String> out = new HashMap<>();
    if (inside != null) {
      Matcher l = LABEL.matcher(inside);
      while (l.find()) {
        out.put(l.group(1), l.group(2));
      }
    }
    return out;
  }

  /**
   * No label carries an operation id, a task or a partition: every label name is one of the bounded
   * ones, and no value looks like an id or a date.
   */
  public static void assertBoundedLabels(String text) {
    Set<String> names = new HashSet<>();
    for (String line : text.split("\n")) {
      Matcher m = SAMPLE.matcher(line);
      if (!m.matches()) {
        continue;
      }
      labels(m.group(2))
          .forEach(
              (k, v) -> {
                names.add(k);
                if (m.group(1).startsWith("aurum_")) {
                  assertThat(v)
                      .as(line)
                      .doesNotContain("BACKFILL_")
                      .doesNotMatch(".*\\d{4}-\\d{2}.*");
                }
              });
    }
    assertThat(BOUNDED_LABELS).containsAll(names);
  }

  /** {@code promtool check metrics} on the scraped text, which must pass without a remark. */
  public static void promtool(String text) throws Exception {
    Process p =
        new ProcessBuilder(List.of("promtool", "check", "metrics"))
            .redirectErrorStream(true)
            .start();
    try (var in = p.getOutputStream()) {
      in.write(text.getBytes(StandardCharsets.UTF_8));
    }
    String said = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as("promtool check metrics said: " + said).isZero();
  }
}
