package io.aurum.app.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.aurum.app.testing.AurumCli;
import io.aurum.app.testing.TestConfig;
import io.aurum.sandbox.Sandbox;
import io.aurum.sandbox.SandboxConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Issue 15's request benchmarks, through the {@code aurum backfill} command line (in-process {@code
 * Main.run}) against a fresh in-process sandbox and home each time. One JSON line per run.
 *
 * <p><b>{@code requests}</b>: for each source (ISO split into its markets) and each range ending
 * 2024-12-31 (1 day, 1 month, 1 year, 10 years; December 2024 is a finished NYISO month), a
 * backfill of every dataset of the source (market) with the sandbox's quotas off: the requests the
 * sandbox counted, the fewest the API needs ({@link ApiMinimum}) and their ratio (goal ≤ 1.1), the
 * dry run's {@code api_calls} for the same command and estimate ÷ actual (goal within ±5 %).
 *
 * <p><b>{@code makespan}</b>: for each source with a per-second or per-minute quota, a backfill of
 * N ≥ 10·Q requests under the market's real quota enforced as a strict sliding window (a {@link
 * StrictWindowGate} in front of the sandbox, whose own quotas are token buckets), Aurum configured
 * with the real quotas ({@code config/data_source_quotas.json}) and {@code --rate-limit Q}:
 * makespan (the whole command line, after a warm-up backfill has paid the JVM's start-up) ÷ ((N−1)
 * ÷ Q) (goal ≤ 1.05), the same for the span from the first request's arrival to the last's, and the
 * 429s (goal 0). The workloads ({@link #WORKLOADS}) are sized so each run takes about a minute at
 * most. CPI is left out: BLS counts 500 a day, so 10·Q is under one request and any backfill is
 * latency-bound.
 *
 * <p>Arguments: {@code [sources=all, comma-separated: eia,fred,cpi,noaa,nyiso,caiso,pjm]
 * [part=both|requests|makespan] [dir]}.
 */
public final class RequestsBench {
  private RequestsBench() {}

  static final ObjectMapper JSON = new ObjectMapper();
  static final List<String> MARKETS =
      List.of("eia", "fred", "cpi", "noaa", "nyiso", "caiso", "pjm");
  static final LocalDate END = LocalDate.of(2024, 12, 31);

  /** A range of the {@code requests} part: a name and inclusive dates. */
  record Range(String name, LocalDate start, LocalDate end) {}

  static final List<Range> RANGES =
      List.of(
          new Range("1 day", END, END),
          new Range("1 month", END.withDayOfMonth(1), END),
          new Range("1 year", END.withDayOfYear(1), END),
          new Range("10 years", END.withDayOfYear(1).minusYears(9), END));

  /**
   * A makespan run: a market's quota per second (the sandbox's real quota, Aurum's {@code
   * --rate-limit}), the datasets and range that make its N requests, and why that N.
   */
  record Workload(
      String market,
      double q,
      int concurrency,
      List<String> datasets,
      LocalDate start,
      LocalDate end,
      String why) {}

  /** FRED datasets the makespan config adds: copies of three monthly series, one request each. */
  static final int FRED_BENCH_DATASETS = 40;

  static final List<Workload> WORKLOADS =
      List.of(
          new Workload(
              "eia",
              5,
              5,
              List.of(),
              LocalDate.of(2015, 7, 1),
              END,
              "9.5 years of the 3 routes (EIA-930 starts 2015-07-01), 5,000-row pages: N/Q about 34 s"),
          new Workload(
              "fred",
              2,
              4,
              fredBenchDatasets(),
              LocalDate.of(2024, 1, 1),
              END,
              "one request per series: 40 bench copies of 3 monthly series, N = 120, 59.5 s"),
          new Workload(
              "noaa",
              5,
              5,
              List.of(),
              LocalDate.of(1995, 1, 1),
              END,
              "30 years of both datasets, about 100 requests: N/Q about 20 s"),
          new Workload(
              "nyiso",
              1,
              2,
              List.of("NYISO.DA_LBMP", "NYISO.RT_LBMP"),
              LocalDate.of(2022, 1, 1),
              END,
              "36 monthly archives of 2 datasets, N = 72: 71 s"),
          new Workload(
              "caiso",
              0.2,
              1,
              List.of("CAISO.DA_LMP"),
              LocalDate.of(2024, 1, 1),
              END,
              "2024 in 31-day requests, N = 12-13: about a minute"),
          new Workload(
              "pjm",
              0.1,
              1,
              List.of("PJM.RT_LMP"),
              LocalDate.of(2015, 1, 1),
              END,
              "10 years of 4 nodes in 50,000-row pages, N = 8: 70 s"));

  static List<String> fredBenchDatasets() {
    List<String> out = new ArrayList<>();
    for (int i = 1; i <= FRED_BENCH_DATASETS; i++) {
      out.add(String.format("FRED.BENCH_%02d", i));
    }
    return out;
  }

  public static void main(String[] args) throws Exception {
    List<String> markets =
        args.length > 0 && !args[0].equals("all") ? Arrays.asList(args[0].split(",")) : MARKETS;
    String part = args.length > 1 ? args[1] : "both";
    Path dir =
        Files.createDirectories(Path.of(args.length > 2 ? args[2] : "target/requests-bench"));
    for (String m : markets) {
      if (!MARKETS.contains(m)) {
        throw new IllegalArgumentException("unknown source " + m + ": use " + MARKETS);
      }
    }
    List<ApiMinimum.Dataset> catalogue =
        ApiMinimum.catalogue(TestConfig.REPO_CONFIG.resolve("datasets.json"));
    if (!part.equals("makespan")) {
      for (String m : markets) {
        for (Range r : RANGES) {
          print(requests(dir, catalogue, m, r));
        }
      }
    }
    if (!part.equals("requests")) {
      warmUp(dir);
      for (Workload w : WORKLOADS) {
        if (markets.contains(w.market())) {
          print(makespan(dir, w));
        }
      }
    }
  }

  /** The CLI source of a market: {@code iso} for NYISO, CAISO and PJM. */
  static String cliSource(String market) {
    return switch (market) {
      case "nyiso", "caiso", "pjm" -> "iso";
      default -> market;
    };
  }

  /** One backfill of every dataset of the market over the range, quotas off. */
  static ObjectNode requests(Path dir, List<ApiMinimum.Dataset> catalogue, String market, Range r)
      throws IOException {
    List<ApiMinimum.Dataset> datasets =
        catalogue.stream().filter(d -> d.market().equals(market)).toList();
    Path root = Files.createDirectories(dir.resolve(market + "-" + System.nanoTime()));
    Path config = TestConfig.write(root.resolve("config"), 1000, 8);
    List<String> cli =
        backfill(
            market, datasets.stream().map(ApiMinimum.Dataset::name).toList(), r.start(), r.end());
    // The source's max_concurrency caps it (CPI: 1 at a time).
    cli.addAll(List.of("--concurrency", market.equals("cpi") ? "1" : "4"));
    long minimum =
        ApiMinimum.requests(
            market, datasets, r.start(), r.end(), LocalDate.now(ZoneId.of("America/New_York")));
    try (Sandbox sandbox = Sandbox.start(SandboxConfig.defaults().withPort(0).withoutQuotas())) {
      Map<String, String> env = env(root, config, sandbox);
      JsonNode plan = dryRun(env, cli);
      long t0 = System.nanoTime();
      AurumCli.Result run = AurumCli.run(env, cli.toArray(String[]::new));
      double seconds = (System.nanoTime() - t0) / 1e9;
      var stats = sandbox.stats(market);
      long estimate = plan == null ? -1 : plan.path("api_calls").asLong(-1);
      ObjectNode out = JSON.createObjectNode();
      out.put("bench", "requests");
      out.put("source", market);
      out.put("range", r.name());
      out.put("start_date", r.start().toString());
      out.put("end_date", r.end().toString());
      out.put("datasets", datasets.size());
      out.put("partitions", plan == null ? -1 : plan.path("partitions").asLong(-1));
      out.put("requests", stats.requests());
      out.put("minimum", minimum);
      out.put("ratio", round(stats.requests() / (double) minimum));
      out.put("estimate", estimate);
      out.put(
          "estimate_over_actual",
          stats.requests() == 0 ? 0 : round(estimate / (double) stats.requests()));
      out.put("http_429", stats.throttled());
      out.put("exit", run.exit());
      out.put("seconds", round(seconds));
      if (run.exit() != 0) {
        out.put("output_tail", tail(run.all()));
      }
      return out;
    } finally {
      delete(root);
    }
  }

  /**
   * One backfill of the workload under the market's real quota as a strict sliding window, at
   * {@code --rate-limit Q}.
   */
  static ObjectNode makespan(Path dir, Workload w) throws IOException {
    Path root = Files.createDirectories(dir.resolve(w.market() + "-q-" + System.nanoTime()));
    Path config = realConfig(root.resolve("config"));
    List<String> cli = backfill(w.market(), w.datasets(), w.start(), w.end());
    cli.addAll(
        List.of(
            "--concurrency",
            Integer.toString(w.concurrency()),
            "--rate-limit",
            Double.toString(w.q())));
    StrictQuotas quota = StrictQuotas.of(w.market());
    try (Sandbox sandbox = Sandbox.start(SandboxConfig.defaults().withPort(0).withoutQuotas());
        StrictWindowGate gate =
            StrictWindowGate.start(sandbox.baseUrl(), quota.limit(), quota.period())) {
      Map<String, String> env = env(root, config, sandbox);
      env.put(
          "AURUM_" + w.market().toUpperCase(java.util.Locale.ROOT) + "_BASE_URL", gate.baseUrl());
      JsonNode plan = dryRun(env, cli);
      long t0 = System.nanoTime();
      AurumCli.Result run = AurumCli.run(env, cli.toArray(String[]::new));
      double makespan = (System.nanoTime() - t0) / 1e9;
      System.err.println("# " + w.market() + " makespan run, the command's output:\n" + run.all());
      var stats = sandbox.stats(w.market());
      // N: the requests the backfill needs, as planned (the requests part checks the plan against
      // the API's minimum); requests sent beyond it (429s, refetches) count against the makespan.
      long n = plan == null ? stats.requests() : plan.path("api_calls").asLong();
      double ideal = (n - 1) / w.q();
      ObjectNode out = JSON.createObjectNode();
      out.put("bench", "requests_makespan");
      out.put("source", w.market());
      out.put("quota", quota.describe());
      out.put("q_per_s", w.q());
      out.put("rate_limit", w.q());
      out.put(
          "datasets", w.datasets().isEmpty() ? "all" : w.datasets().size() + " (" + w.why() + ")");
      out.put("start_date", w.start().toString());
      out.put("end_date", w.end().toString());
      out.put("n", n);
      out.put("n_at_least", Math.ceil(10 * w.q()));
      out.put("requests_sent", gate.requests());
      out.put("requests_answered", stats.requests());
      out.put("makespan_s", round(makespan));
      out.put("ideal_s", round(ideal));
      out.put("ratio", round(makespan / ideal));
      // First to last request's arrival at the gate: the pacing alone, without the command line.
      out.put("request_span_s", round(gate.spanSeconds()));
      out.put("span_ratio", round(gate.spanSeconds() / ideal));
      out.put("http_429", gate.refused());
      var refusedAt = out.putArray("http_429_at_s");
      gate.refusedAt().forEach(refusedAt::add);
      out.put("exit", run.exit());
      out.put("summary", summary(run.all()));
      return out;
    } finally {
      delete(root);
    }
  }

  /** The command's last line: the operation's outcome with its own request and retry counts. */
  static String summary(String output) {
    String[] lines = output.strip().split("\n");
    return lines.length == 0 ? "" : lines[lines.length - 1];
  }

  /** A first backfill in the JVM (3 days of EIA, no quota): class loading and JIT, paid once. */
  static void warmUp(Path dir) throws IOException {
    Path root = Files.createDirectories(dir.resolve("warmup-" + System.nanoTime()));
    Path config = TestConfig.write(root.resolve("config"), 1000, 8);
    try (Sandbox sandbox = Sandbox.start(SandboxConfig.defaults().withPort(0).withoutQuotas())) {
      long t0 = System.nanoTime();
      AurumCli.Result r =
          AurumCli.run(
              env(root, config, sandbox),
              backfill("eia", List.of("ELEC.DEMAND"), END.minusDays(2), END)
                  .toArray(String[]::new));
      System.err.printf(
          "# warm-up backfill (3 days of ELEC.DEMAND): %.2f s, exit %d%n",
          (System.nanoTime() - t0) / 1e9, r.exit());
    }
  }

  static List<String> backfill(
      String market, List<String> datasets, LocalDate start, LocalDate end) {
    List<String> cli =
        new ArrayList<>(
            List.of(
                "backfill",
                "--source",
                cliSource(market),
                "--start-date",
                start.toString(),
                "--end-date",
                end.toString()));
    if (!datasets.isEmpty()) {
      cli.addAll(List.of("--datasets", String.join(",", datasets)));
    }
    return cli;
  }

  /**
   * The dry run of the same command line, as JSON; null (and the output on stderr) if it failed.
   */
  static JsonNode dryRun(Map<String, String> env, List<String> cli) throws IOException {
    List<String> dry = new ArrayList<>(cli);
    dry.addAll(List.of("--dry-run", "--format", "json"));
    AurumCli.Result r = AurumCli.run(env, dry.toArray(String[]::new));
    if (r.exit() != 0) {
      System.err.println("dry run failed: " + r.all());
      return null;
    }
    String out = r.out();
    return JSON.readTree(out.substring(out.indexOf('{')));
  }

  static Map<String, String> env(Path root, Path config, Sandbox sandbox) {
    Map<String, String> env = new HashMap<>();
    env.put("AURUM_HOME", root.resolve("home").toString());
    env.put("AURUM_CONFIG_DIR", config.toString());
    for (String u : new String[] {"EIA", "FRED", "CPI", "NOAA", "NYISO", "CAISO", "PJM"}) {
      env.put("AURUM_" + u + "_BASE_URL", sandbox.baseUrl());
    }
    for (String k :
        new String[] {"EIA_API_KEY", "FRED_API_KEY", "BLS_API_KEY", "NOAA_TOKEN", "PJM_API_KEY"}) {
      env.put(k, "bench-key-0123456789");
    }
    return env;
  }

  /**
   * The repository's configuration as a user has it (real quotas, operation defaults, catalogue),
   * plus the FRED bench datasets: copies of the monthly series UNRATE, FEDFUNDS and CPIAUCSL, so
   * one FRED backfill sends enough requests (one per series) to measure pacing.
   */
  static Path realConfig(Path dir) throws IOException {
    Files.createDirectories(dir);
    try (var files = Files.list(TestConfig.REPO_CONFIG)) {
      for (Path f : files.toList()) {
        if (f.getFileName().toString().endsWith(".json")
            || f.getFileName().toString().endsWith(".env")) {
          Files.copy(f, dir.resolve(f.getFileName()));
        }
      }
    }
    StringBuilder extra = new StringBuilder();
    for (String name : fredBenchDatasets()) {
      extra.append(
          """
          {"source": "fred", "name": "%s", "description": "bench copy of three monthly series",
           "frequency": "monthly", "zone": "America/New_York", "schema_version": "v1.0",
           "publication_lag_hours": 960, "series": ["UNRATE", "FEDFUNDS", "CPIAUCSL"],
           "unit": "percent", "min_value": 0, "max_value": 1000,
           "upstream": {"endpoint": "series/observations"}},
          """
              .formatted(name));
    }
    Path catalog = dir.resolve("datasets.json");
    Files.writeString(
        catalog,
        Files.readString(catalog)
            .replaceFirst("\"datasets\"\\s*:\\s*\\[", "\"datasets\": [" + extra));
    return dir;
  }

  /** Deletes a run's home and config (ten-year homes hold millions of rows) unless kept. */
  static void delete(Path root) throws IOException {
    if (System.getenv("AURUM_BENCH_KEEP") != null) {
      return;
    }
    try (var paths = Files.walk(root)) {
      for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }

  static String tail(String text) {
    return text.length() <= 600 ? text : text.substring(text.length() - 600);
  }

  static double round(double v) {
    return Math.round(v * 1000) / 1000.0;
  }

  static void print(ObjectNode line) throws IOException {
    System.out.println(JSON.writeValueAsString(line));
    System.out.flush();
  }
}
