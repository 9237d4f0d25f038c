package io.aurum.bench;

import io.aurum.connectors.ConnectorSettings;
import io.aurum.connectors.eia.EiaConnector;
import io.aurum.core.config.AurumConfig;
import io.aurum.core.engine.OperationRunner;
import io.aurum.core.model.OperationSpec;
import io.aurum.core.model.SourceId;
import io.aurum.core.ops.OperationService;
import io.aurum.sandbox.Sandbox;
import io.aurum.sandbox.SandboxConfig;
import io.aurum.sandbox.SourceStats;
import io.aurum.store.JdbcStore;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One quota shared by many processes (issue 21): the sandbox enforces Q requests/s for eia as a
 * strict sliding window; {@code processes} child JVMs, each with its own backfill of a separate
 * range of ELEC.DEMAND (one request a day, {@link DayByDayConnector}, concurrency 4, rate limit Q),
 * share one fresh PostgreSQL schema and so its request slots ({@code SharedThrottle}). The children
 * open the store and plan first, then all start at one signal. Makespan is the upstream's span,
 * from the first accepted request to the last (the children's JVM start-up is not in it), over (N −
 * 1) ÷ Q; also over N ÷ Q. Reports the 429s, the most requests accepted within any one second and
 * the machine's load average.
 *
 * <p>Usage: {@code QuotaSharedBench [processes=4] [Q=20] [N=1200]}; a child runs as {@code
 * QuotaSharedBench child URL SANDBOX_URL CONFIG_DIR Q FIRST_DAY DAYS}.
 */
public final class QuotaSharedBench {
  private static final int CONCURRENCY = 4;
  private static final LocalDate FIRST = LocalDate.of(2021, 1, 1);
  private static final Duration SECOND = Duration.ofSeconds(1);

  private QuotaSharedBench() {}

  public static void main(String[] args) throws Exception {
    if (args.length > 0 && args[0].equals("child")) {
      child(args);
      return;
    }
    int processes = args.length > 0 ? Integer.parseInt(args[0]) : 4;
    double q = args.length > 1 ? Double.parseDouble(args[1]) : 20;
    int n = args.length > 2 ? Integer.parseInt(args[2]) : 1200;
    Map<String, Object> out = run(processes, q, n);
    BenchEnv.printJson(out);
    if (!"SUCCEEDED".equals(out.get("outcome"))) {
      System.exit(1);
    }
  }

  /** Runs the bench and returns its figures (also used by the process test). */
  public static Map<String, Object> run(int processes, double q, int n) throws Exception {
    Path dir = BenchEnv.tempDir("aurum-quota-shared-bench");
    Path configDir = BenchEnv.writeConfig(dir.resolve("config"), "", q, CONCURRENCY);
    String url = BenchEnv.freshDatabase("postgresql", dir);
    double load0 = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    SandboxConfig sandboxConfig =
        SandboxConfig.defaults().withPort(0).withStrictWindow("eia", (long) q, SECOND);
    try (Sandbox sandbox = Sandbox.start(sandboxConfig)) {
      // Migrate once, before the children race to.
      JdbcStore.open(url).close();
      sandbox.reset("eia");
      List<Process> children = new ArrayList<>();
      List<BufferedReader> outs = new ArrayList<>();
      int first = 0;
      for (int i = 0; i < processes; i++) {
        int days = n / processes + (i < n % processes ? 1 : 0);
        ProcessBuilder pb =
            new ProcessBuilder(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp",
                    System.getProperty("java.class.path"),
                    QuotaSharedBench.class.getName(),
                    "child",
                    url,
                    sandbox.baseUrl(),
                    configDir.toString(),
                    Double.toString(q),
                    Integer.toString(first),
                    Integer.toString(days))
                .redirectError(ProcessBuilder.Redirect.INHERIT);
        first += days;
        Process p = pb.start();
        children.add(p);
        outs.add(
            new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8)));
      }
      for (BufferedReader r : outs) {
        String line = r.readLine();
        if (!"ready".equals(line)) {
          throw new IllegalStateException("a child did not get ready: " + line);
        }
      }
      long go = System.nanoTime();
      for (Process p : children) {
        OutputStream o = p.getOutputStream();
        o.write("go\n".getBytes(StandardCharsets.UTF_8));
        o.flush();
      }
      String outcome = "SUCCEEDED";
      for (int i = 0; i < children.size(); i++) {
        String result = outs.get(i).readLine();
        if (children.get(i).waitFor() != 0 || !"SUCCEEDED".equals(result)) {
          outcome = "child " + i + ": " + result;
        }
      }
      long end = System.nanoTime();
      SourceStats.Snapshot stats = sandbox.stats("eia");
      SourceStats.Timeline timeline = sandbox.timeline("eia");
      long[] times = timeline.acceptedNanos();
      double span = timeline.acceptedSpanSeconds();
      Map<String, Object> out = BenchEnv.json();
      out.put("bench", "quota_shared");
      out.put("processes", processes);
      out.put("concurrency_each", CONCURRENCY);
      out.put("quota_per_s", q);
      out.put("requests", n);
      out.put("sandbox_requests", stats.requests());
      out.put("accepted_requests", times.length);
      out.put("outcome", outcome);
      out.put("makespan_first_to_last_request_s", span);
      out.put("n_over_q_s", n / q);
      out.put("makespan_over_n_over_q", span / (n / q));
      out.put("makespan_over_n_minus_1_over_q", span / ((times.length - 1) / q));
      if (times.length > 0) {
        out.put("go_to_first_request_s", (times[0] - go) / 1e9);
        out.put("last_request_to_last_exit_s", (end - times[times.length - 1]) / 1e9);
      }
      if (times.length > 1) {
        // Gaps between accepted requests as the upstream saw them: the spacing, its jitter and the
        // holes where no process had a request ready (or a window was full).
        long[] gaps = new long[times.length - 1];
        for (int i = 1; i < times.length; i++) {
          gaps[i - 1] = times[i] - times[i - 1];
        }
        java.util.Arrays.sort(gaps);
        out.put("gap_min_ms", gaps[0] / 1e6);
        out.put("gap_p50_ms", gaps[gaps.length / 2] / 1e6);
        out.put("gap_p90_ms", gaps[gaps.length * 9 / 10] / 1e6);
        out.put("gap_p99_ms", gaps[gaps.length * 99 / 100] / 1e6);
        out.put("gap_max_ms", gaps[gaps.length - 1] / 1e6);
      }
      out.put("http_429", stats.throttled());
      out.put("most_accepted_in_1s", timeline.mostAcceptedWithin(SECOND));
      out.put("load_avg_1m_start", load0);
      out.put(
          "load_avg_1m_end", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
      out.put("cpus", Runtime.getRuntime().availableProcessors());
      return out;
    } finally {
      BenchEnv.dropDatabase(url);
    }
  }

  /** One process: opens the store and plans, says {@code ready}, runs at {@code go}. */
  private static void child(String[] args) throws Exception {
    String url = args[1];
    String sandboxUrl = args[2];
    AurumConfig config = AurumConfig.load(Path.of(args[3]));
    double q = Double.parseDouble(args[4]);
    LocalDate start = FIRST.plusDays(Long.parseLong(args[5]));
    int days = Integer.parseInt(args[6]);
    Path dir = BenchEnv.tempDir("aurum-quota-shared-child");
    try (JdbcStore store = JdbcStore.open(url)) {
      EiaConnector connector =
          new EiaConnector(
              ConnectorSettings.fromEnvironment(
                  Map.of("AURUM_EIA_BASE_URL", sandboxUrl, "EIA_API_KEY", "bench-key")));
      OperationService service =
          Backfills.service(store, SourceId.EIA, new DayByDayConnector(connector), config, dir);
      OperationSpec spec =
          Backfills.spec(start, start.plusDays(days - 1L), "ELEC.DEMAND", CONCURRENCY, 1000, q);
      service.planner().plan(spec);
      System.out.println("ready");
      System.out.flush();
      BufferedReader in =
          new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
      if (!"go".equals(in.readLine())) {
        System.exit(2);
      }
      Backfills.Result r = Backfills.run(service, spec, "quota shared bench");
      System.out.println(r.outcome().name());
      System.out.flush();
      System.exit(r.outcome() == OperationRunner.Outcome.SUCCEEDED ? 0 : 1);
    }
  }
}
