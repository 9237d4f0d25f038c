package io.aurum.app.bench;

import io.aurum.app.testing.AurumCli;
import io.aurum.app.testing.TestConfig;
import io.aurum.sandbox.Sandbox;
import io.aurum.sandbox.SandboxConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * End-to-end backfill of one year of each source's main dataset against the sandbox, with the
 * sandbox enforcing a quota of Q requests/s on the source (its market, for ISO) and Aurum's quota
 * configured to the same Q — the real quotas scaled to the sandbox. Prints requests, 429s, the
 * makespan (the whole {@code aurum backfill} command line: configuration, store, plan, create, run)
 * and makespan ÷ (requests ÷ Q).
 *
 * <p>Each dataset runs with {@code --rate-limit Q} (rate {@code quota}: the operation may use the
 * whole quota, as in {@code QuotaEfficiencyBench}) and/or without it (rate {@code auto}: Aurum's
 * default of 80 % of the quota), each time against a fresh sandbox and home. A 3-day backfill first
 * pays the JVM's one-time start-up (class loading and JIT of the CLI, Flyway, the store, the engine
 * and the HTTP client), whose time is printed, so that no dataset's figure depends on its place in
 * the list. Arguments: {@code [dir] [Q] [year] [quota|auto|both] [datasets, comma-separated, in the
 * order to run; all if absent]}.
 */
public final class SourcesBackfillBench {
  private SourcesBackfillBench() {}

  record Case(String source, String dataset, String sandboxSource) {}

  /** What one backfill did. */
  record Run(double makespan, long requests, long throttled) {}

  static final List<Case> CASES =
      List.of(
          new Case("eia", "ELEC.DEMAND", "eia"),
          new Case("fred", "FRED.RATES_DAILY", "fred"),
          new Case("cpi", "CPI.CPI_U", "cpi"),
          new Case("noaa", "NOAA.GHCND_TEMP", "noaa"),
          new Case("iso", "NYISO.DA_LBMP", "nyiso"),
          new Case("iso", "CAISO.DA_LMP", "caiso"),
          new Case("iso", "PJM.RT_LMP", "pjm"));

  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args.length > 0 ? args[0] : "target/sources-bench");
    double q = args.length > 1 ? Double.parseDouble(args[1]) : 20;
    String year = args.length > 2 ? args[2] : "2023";
    String modes = args.length > 3 ? args[3] : "both";
    List<Case> cases = CASES;
    if (args.length > 4) {
      cases = new ArrayList<>();
      for (String name : args[4].split(",")) {
        cases.add(
            CASES.stream()
                .filter(c -> c.dataset().equals(name))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no case " + name)));
      }
    }
    Run warmup = backfill(CASES.get(0), "quota", dir, q, year + "-01-01", year + "-01-03");
    System.out.printf(
        "# warm-up, the first backfill in this JVM (3 days of %s, %d requests): %.2f s%n",
        CASES.get(0).dataset(),
        warmup == null ? 0 : warmup.requests(),
        warmup == null ? 0 : warmup.makespan());
    System.out.printf(
        "%-6s %-18s %-6s %8s %6s %10s %10s %7s%n",
        "source", "dataset", "rate", "requests", "429s", "makespan", "ideal", "ratio");
    for (Case c : cases) {
      for (String mode : modes.equals("both") ? List.of("quota", "auto") : List.of(modes)) {
        Run r = backfill(c, mode, dir, q, year + "-01-01", year + "-12-31");
        if (r == null) {
          continue;
        }
        double ideal = r.requests() / q;
        System.out.printf(
            "%-6s %-18s %-6s %8d %6d %9.1fs %9.1fs %7.3f%n",
            c.source(),
            c.dataset(),
            mode,
            r.requests(),
            r.throttled(),
            r.makespan(),
            ideal,
            r.makespan() / ideal);
      }
    }
  }

  /**
   * One {@code aurum backfill} of {@code [from, to]} against a fresh sandbox and home; null (and
   * the output printed) if it failed.
   */
  static Run backfill(Case c, String mode, Path dir, double q, String from, String to)
      throws Exception {
    Path root =
        Files.createDirectories(dir.resolve(c.dataset() + "-" + mode + "-" + System.nanoTime()));
    Path config = TestConfig.write(root.resolve("config"), q, (int) Math.max(1, q));
    String limit = "[{\"requests\": " + (long) q + ", \"period\": \"PT1S\"}]";
    StringBuilder quotas = new StringBuilder("{\"sources\": {");
    String[] all = {"eia", "fred", "cpi", "noaa", "iso"};
    for (int i = 0; i < all.length; i++) {
      quotas
          .append(i == 0 ? "" : ",")
          .append('"')
          .append(all[i])
          .append("\": {\"limits\": ")
          .append(limit)
          .append(", \"max_concurrency\": ")
          .append((int) Math.min(8, Math.max(1, q)))
          .append(", \"reserved_share\": 0.0, \"typical_latency_ms\": 5}");
    }
    quotas.append("}}");
    Files.writeString(config.resolve("data_source_quotas.json"), quotas);
    SandboxConfig sc = SandboxConfig.defaults().withPort(0);
    for (String s : new String[] {"eia", "fred", "cpi", "noaa", "nyiso", "caiso", "pjm"}) {
      sc = sc.withQuota(s, q);
    }
    try (Sandbox sandbox = Sandbox.start(sc)) {
      Map<String, String> env = new HashMap<>();
      env.put("AURUM_HOME", root.resolve("home").toString());
      env.put("AURUM_CONFIG_DIR", config.toString());
      for (String u : new String[] {"EIA", "FRED", "CPI", "NOAA", "NYISO", "CAISO", "PJM"}) {
        env.put("AURUM_" + u + "_BASE_URL", sandbox.baseUrl());
      }
      for (String k :
          new String[] {
            "EIA_API_KEY", "FRED_API_KEY", "BLS_API_KEY", "NOAA_TOKEN", "PJM_API_KEY"
          }) {
        env.put(k, "bench-key-0123456789");
      }
      List<String> cli =
          new ArrayList<>(
              List.of(
                  "backfill",
                  "--source",
                  c.source(),
                  "--datasets",
                  c.dataset(),
                  "--start-date",
                  from,
                  "--end-date",
                  to,
                  "--concurrency",
                  Integer.toString((int) Math.min(8, Math.max(1, q)))));
      if (mode.equals("quota")) {
        cli.addAll(List.of("--rate-limit", Double.toString(q)));
      }
      long t0 = System.nanoTime();
      var r = AurumCli.run(env, cli.toArray(String[]::new));
      double makespan = (System.nanoTime() - t0) / 1e9;
      if (r.exit() != 0) {
        System.out.println(c.dataset() + " " + mode + " failed: " + r.all());
        return null;
      }
      var stats = sandbox.stats(c.sandboxSource());
      return new Run(makespan, stats.requests(), stats.throttled());
    }
  }
}
