package io.aurum.app.bench;

import io.aurum.app.testing.AurumCli;
import io.aurum.app.testing.TestConfig;
import io.aurum.sandbox.Sandbox;
import io.aurum.sandbox.SandboxConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * End-to-end backfill of one year of each source's main dataset against the sandbox, with the
 * sandbox enforcing a quota of Q requests/s on the source (its market, for ISO) and Aurum's quota
 * configured to the same Q — the real quotas scaled to the sandbox. Prints requests, 429s, the
 * makespan and makespan ÷ (requests ÷ Q). Arguments: {@code [dir] [Q] [year]}.
 */
public final class SourcesBackfillBench {
  private SourcesBackfillBench() {}

  record Case(String source, String dataset, String sandboxSource) {}

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
    System.out.printf(
        "%-6s %-18s %8s %6s %10s %10s %7s%n",
        "source", "dataset", "requests", "429s", "makespan", "ideal", "ratio");
    for (Case c : CASES) {
      Path root = Files.createDirectories(dir.resolve(c.dataset()));
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
      for (String s : new String[] {"eia", "fred", "noaa", "nyiso", "caiso", "pjm"}) {
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
        long t0 = System.nanoTime();
        var r =
            AurumCli.run(
                env,
                "backfill",
                "--source",
                c.source(),
                "--datasets",
                c.dataset(),
                "--start-date",
                year + "-01-01",
                "--end-date",
                year + "-12-31",
                "--concurrency",
                Integer.toString((int) Math.min(8, Math.max(1, q))));
        double makespan = (System.nanoTime() - t0) / 1e9;
        if (r.exit() != 0) {
          System.out.println(c.dataset() + " failed: " + r.all());
          continue;
        }
        var stats = sandbox.stats(c.sandboxSource());
        double ideal = stats.requests() / q;
        System.out.printf(
            "%-6s %-18s %8d %6d %9.1fs %9.1fs %7.3f%n",
            c.source(),
            c.dataset(),
            stats.requests(),
            stats.throttled(),
            makespan,
            ideal,
            makespan / ideal);
      }
    }
  }
}
