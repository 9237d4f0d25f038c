package io.aurum.bench;

import io.aurum.app.Main;
import io.aurum.core.config.AurumConfig;
import io.aurum.core.model.Dataset;
import io.aurum.core.model.Observation;
import io.aurum.core.model.PartitionKey;
import io.aurum.core.model.SourceId;
import io.aurum.core.ops.OperationService;
import io.aurum.core.port.Connector;
import io.aurum.core.port.FetchContext;
import io.aurum.store.JdbcStore;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Issue 18's scan figures: {@code corruption detect --scan-depth full} and {@code emergency assess
 * --full-scan} over ten years of NYISO 5-minute data (11 zones, about 11.6 million rows), each run
 * through {@link Main#run} exactly as a user would, timed wall-clock (the JVM is warm after the
 * first; {@code runs} runs of each, alternated). The store is seeded once by a backfill from an
 * in-process upstream through the engine, so versions, heads and checksums are the publish path's;
 * the SQLite file is kept under {@code work} (default {@code bench/work}) and reused by later runs.
 *
 * <p>Usage: {@code ScanBench sqlite|postgresql [years=10] [runs=2] [work=bench/work]}.
 */
public final class ScanBench {
  static final String DATASET = "NYISO.RT_LBMP_5MIN";

  private ScanBench() {}

  public static void main(String[] args) throws Exception {
    String db = args.length > 0 ? args[0] : "sqlite";
    int years = args.length > 1 ? Integer.parseInt(args[1]) : 10;
    int runs = args.length > 2 ? Integer.parseInt(args[2]) : 2;
    Path work = Path.of(args.length > 3 ? args[3] : "bench/work").toAbsolutePath();
    Files.createDirectories(work);
    Path dir = BenchEnv.tempDir("aurum-scan-bench");
    Path configDir = BenchEnv.writeConfig(dir.resolve("config"), "", 100_000_000, 64);
    Path quotas = configDir.resolve("data_source_quotas.json");
    Files.writeString(
        quotas,
        Files.readString(quotas)
            .replaceFirst(
                "\"iso\":\\s*\\{[^\\n]*",
                "\"iso\":  {\"limits\": [{\"requests\": 100000000, \"period\": \"PT1S\"}],"
                    + " \"max_concurrency\": 4}"));
    AurumConfig config = AurumConfig.load(configDir);
    LocalDate end = LocalDate.of(2024, 12, 31);
    LocalDate start = end.minusYears(years).plusDays(1);
    Map<String, Object> out = BenchEnv.json();
    out.put("bench", "scan");
    out.put("db", db);
    out.put("dataset", DATASET);
    out.put("range", start + ":" + end);

    String url;
    if (db.equals("sqlite")) {
      Path file = work.resolve("scan-nyiso5-" + start + "-" + end + ".db");
      url = "jdbc:sqlite:" + file;
      if (Files.exists(file)) {
        out.put("seed", "cached " + file);
      } else {
        // Seed a temporary file and move it in place only when complete.
        Path tmp = work.resolve("seeding-" + ProcessHandle.current().pid() + ".db");
        double s = seed("jdbc:sqlite:" + tmp, config, dir, start, end);
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
        out.put("seed", "seeded " + file);
        out.put("seed_seconds", round(s));
      }
    } else {
      url = BenchEnv.freshDatabase(db, dir);
      out.put("seed_seconds", round(seed(url, config, dir, start, end)));
    }
    try {
      Map<String, String> env = new HashMap<>();
      env.put("AURUM_HOME", dir.resolve("home").toString());
      env.put("AURUM_CONFIG_DIR", configDir.toString());
      env.put("AURUM_DB_URL", url);
      String[] detect = {
        "corruption",
        "detect",
        "--source",
        "iso",
        "--scan-depth",
        "full",
        "--output",
        dir.resolve("corruption_report.json").toString()
      };
      String[] assess = {
        "emergency",
        "assess",
        "--source",
        "iso",
        "--full-scan",
        "--output",
        dir.resolve("damage_report.json").toString()
      };
      Run bestDetect = null;
      Run bestAssess = null;
      for (int i = 0; i < runs; i++) {
        Run d = run(detect, env, dir.resolve("corruption_report.json"));
        Run a = run(assess, env, dir.resolve("damage_report.json"));
        out.put("detect_run_" + (i + 1) + "_s", round(d.seconds));
        out.put("assess_run_" + (i + 1) + "_s", round(a.seconds));
        bestDetect = bestDetect == null || d.seconds < bestDetect.seconds ? d : bestDetect;
        bestAssess = bestAssess == null || a.seconds < bestAssess.seconds ? a : bestAssess;
      }
      put(out, "detect", bestDetect);
      put(out, "assess", bestAssess);
    } finally {
      if (!db.equals("sqlite")) {
        BenchEnv.dropDatabase(url);
      }
    }
    BenchEnv.printJson(out);
  }

  private record Run(
      int code, double seconds, long rows, long partitions, long checksums, long findings) {}

  private static void put(Map<String, Object> out, String name, Run r) {
    out.put(name + "_exit", r.code);
    out.put(name + "_rows", r.rows);
    out.put(name + "_partitions", r.partitions);
    out.put(name + "_checksums", r.checksums);
    out.put(name + "_findings", r.findings);
    out.put(name + "_best_s", round(r.seconds));
    out.put(name + "_rows_per_s", Math.round(r.rows / r.seconds));
  }

  private static Run run(String[] args, Map<String, String> env, Path report) throws IOException {
    Files.deleteIfExists(report);
    StringWriter err = new StringWriter();
    long t0 = System.nanoTime();
    int code =
        Main.run(
            args,
            env,
            new PrintWriter(new StringWriter()),
            new PrintWriter(err),
            Clock.systemUTC());
    double s = (System.nanoTime() - t0) / 1e9;
    if (code != 0 && code != 5) {
      throw new IllegalStateException(String.join(" ", args) + " exited " + code + ": " + err);
    }
    String json = Files.readString(report);
    return new Run(
        code,
        s,
        field(json, "rows_scanned"),
        field(json, "partitions_scanned"),
        field(json, "checksums_verified"),
        count(json, "\"kind\""));
  }

  private static long field(String json, String name) {
    Matcher m = Pattern.compile("\"" + name + "\"\\s*:\\s*(\\d+)").matcher(json);
    return m.find() ? Long.parseLong(m.group(1)) : -1;
  }

  private static long count(String json, String needle) {
    long n = 0;
    for (int i = json.indexOf(needle); i >= 0; i = json.indexOf(needle, i + 1)) {
      n++;
    }
    return n;
  }

  /** Backfills the range from {@link Nyiso5} through the engine; returns the seconds it took. */
  private static double seed(
      String url, AurumConfig config, Path dir, LocalDate start, LocalDate end) {
    long t0 = System.nanoTime();
    try (JdbcStore store = JdbcStore.open(url)) {
      OperationService service = Backfills.service(store, SourceId.ISO, new Nyiso5(), config, dir);
      Backfills.Result r =
          Backfills.run(
              service,
              Backfills.spec(SourceId.ISO, start, end, DATASET, 4, 5000, null),
              "scan bench seed");
      if (r.outcome() != io.aurum.core.engine.OperationRunner.Outcome.SUCCEEDED) {
        throw new IllegalStateException("seed backfill ended " + r.outcome());
      }
    }
    double s = (System.nanoTime() - t0) / 1e9;
    System.err.printf("seeded %s..%s in %.1f s%n", start, end, s);
    return s;
  }

  private static double round(double v) {
    return Math.round(v * 1000) / 1000.0;
  }

  /**
   * A zero-latency NYISO 5-minute upstream: one request per day, a row per zone and 5-minute
   * interval, prices with two decimals that follow a daily cycle with small deterministic noise (no
   * outliers, spikes or bounds to report). Thread-safe.
   */
  static final class Nyiso5 implements Connector {
    @Override
    public SourceId source() {
      return SourceId.ISO;
    }

    @Override
    public void fetch(FetchRequest request, FetchContext context, Consumer<Observation> sink) {
      context.beforeRequest();
      Dataset d = request.dataset();
      long rows = 0;
      long to = request.to().getEpochSecond();
      for (long t = request.from().getEpochSecond(); t < to; t += 300) {
        Instant at = Instant.ofEpochSecond(t);
        int zone = 0;
        for (String s : d.series()) {
          double cycle = 12 * Math.sin(2 * Math.PI * Math.floorMod(t, 86_400) / 86_400.0);
          long h = (t / 300) * 31 + zone * 17;
          double noise = Math.floorMod(h * 2_654_435_761L, 400) / 100.0 - 2;
          double v = Math.round((35 + 2 * zone + cycle + noise) * 100) / 100.0;
          sink.accept(new Observation(s, at, v, d.unit()));
          rows++;
          zone++;
        }
      }
      context.afterResponse(rows * 40);
    }

    @Override
    public int requestsPerPartition(Dataset dataset, PartitionKey partition) {
      return 1;
    }
  }
}
