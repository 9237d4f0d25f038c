package io.aurum.bench;

import io.aurum.app.Main;
import io.aurum.core.config.AurumConfig;
import io.aurum.core.model.SourceId;
import io.aurum.core.ops.OperationService;
import io.aurum.store.JdbcStore;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.Map;

/**
 * {@code aurum validate quality} over one year of hourly data for 50 series (issue 4): seeds the
 * store with a backfill from the in-process upstream, then runs the command three times through
 * {@link Main#run} exactly as a user would, and reports rows checked per second.
 *
 * <p>Usage: {@code ValidateQualityBench sqlite|postgresql [days=365] [series=50]}.
 */
public final class ValidateQualityBench {
  private ValidateQualityBench() {}

  public static void main(String[] args) throws Exception {
    String db = args.length > 0 ? args[0] : "sqlite";
    int days = args.length > 1 ? Integer.parseInt(args[1]) : 365;
    int series = args.length > 2 ? Integer.parseInt(args[2]) : 50;
    Path dir = BenchEnv.tempDir("aurum-validate-bench");
    Path configDir =
        BenchEnv.writeConfig(
            dir.resolve("config"), InProcessSource.wideDatasetJson(series), 100_000_000, 64);
    AurumConfig config = AurumConfig.load(configDir);
    String url = BenchEnv.freshDatabase(db, dir);
    Map<String, Object> out = BenchEnv.json();
    out.put("bench", "validate_quality");
    out.put("db", db);
    LocalDate start = LocalDate.of(2023, 1, 1);
    LocalDate end = start.plusDays(days - 1L);
    long rows;
    try (JdbcStore store = JdbcStore.open(url)) {
      OperationService service =
          Backfills.service(store, SourceId.EIA, new InProcessSource(), config, dir);
      Backfills.Result b =
          Backfills.run(service, Backfills.spec(start, end, "BENCH.WIDE", 4, 5000, null), "seed");
      rows = store.operations().progress(b.operationId()).counters().records();
    }
    Map<String, String> env = new HashMap<>();
    env.put("AURUM_HOME", dir.resolve("home").toString());
    env.put("AURUM_CONFIG_DIR", configDir.toString());
    env.put("AURUM_DB_URL", url);
    double best = Double.MAX_VALUE;
    String verdict = "";
    for (int i = 0; i < 3; i++) {
      StringWriter o = new StringWriter();
      long t0 = System.nanoTime();
      int code =
          Main.run(
              new String[] {
                "validate",
                "quality",
                "--source",
                "eia",
                "--datasets",
                "BENCH.WIDE",
                "--date-range",
                start + ":" + end,
                "--checks",
                "completeness,accuracy,consistency"
              },
              env,
              new PrintWriter(o),
              new PrintWriter(new StringWriter()),
              Clock.systemUTC());
      double s = (System.nanoTime() - t0) / 1e9;
      best = Math.min(best, s);
      out.put("run_" + (i + 1) + "_seconds", Math.round(s * 1000) / 1000.0);
      out.put("exit_code", code);
      verdict = o.toString().lines().reduce((a, x) -> x).orElse("");
    }
    BenchEnv.dropDatabase(url);
    out.put("rows", rows);
    out.put("best_seconds", Math.round(best * 1000) / 1000.0);
    out.put("rows_per_s", Math.round(rows / best));
    out.put("verdict", verdict);
    BenchEnv.printJson(out);
  }
}
