package io.aurum.app.bench;

import io.aurum.app.Main;
import io.aurum.app.testing.TestConfig;
import io.aurum.store.JdbcStore;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.Clock;
import java.time.LocalDate;
import java.util.Map;
import java.util.Random;

/**
 * {@code gaps} and {@code plan} over 10 years × 50 hourly datasets (≈ 180,000 partitions) on
 * SQLite, through the command line as a user runs them. Heads are inserted directly: only heads
 * matter to both commands. Usage: {@code GapsPlanBench [dir] [datasets] [years]}.
 */
public final class GapsPlanBench {
  private GapsPlanBench() {}

  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args.length > 0 ? args[0] : "target/bench-gaps");
    int datasets = args.length > 1 ? Integer.parseInt(args[1]) : 50;
    int years = args.length > 2 ? Integer.parseInt(args[2]) : 10;
    Files.createDirectories(dir);
    Path config = TestConfig.write(dir.resolve("config"), 5, 5);
    Files.copy(
        TestConfig.REPO_CONFIG.resolve("data_source_quotas.json"),
        config.resolve("data_source_quotas.json"),
        java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    StringBuilder catalog = new StringBuilder("{\"datasets\": [");
    for (int i = 0; i < datasets; i++) {
      catalog
          .append(i == 0 ? "" : ",")
          .append(
              """
              {"source": "eia", "name": "BENCH.D%02d", "frequency": "hourly", "zone": "America/New_York",
               "schema_version": "v2.0", "series": ["A","B","C","D","E"], "unit": "MWh", "min_value": 0,
               "max_value": 250000, "upstream": {"route": "electricity/rto/region-data", "frequency": "hourly",
               "facet": "respondent", "type_facet": "type", "type": "D", "data": "value"}}
              """
                  .formatted(i));
    }
    Files.writeString(config.resolve("datasets.json"), catalog.append("]}").toString());
    Path home = dir.resolve("home");
    Files.createDirectories(home);
    Path db = home.resolve("aurum.db");
    LocalDate start = LocalDate.of(2015, 1, 1);
    LocalDate end = start.plusYears(years).minusDays(1);
    if (!Files.exists(db)) {
      JdbcStore.open("jdbc:sqlite:" + db).close();
      Random rnd = new Random(42);
      long t0 = System.nanoTime();
      int n = 0;
      try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db)) {
        c.setAutoCommit(false);
        try (PreparedStatement ps =
            c.prepareStatement(
                "INSERT INTO heads (source, dataset, period, version_id, operation_id, record_count,"
                    + " complete, updated_at) VALUES ('EIA', ?, ?, ?, 'BENCH', 120, ?, 0)")) {
          for (int i = 0; i < datasets; i++) {
            for (LocalDate d = start; !d.isAfter(end); d = d.plusDays(1)) {
              double r = rnd.nextDouble();
              if (r < 0.01) {
                continue; // about 1 % missing
              }
              ps.setString(1, String.format("BENCH.D%02d", i));
              ps.setString(2, d.toString());
              ps.setLong(3, ++n);
              ps.setBoolean(4, r >= 0.015); // about 0.5 % incomplete
              ps.addBatch();
              if (n % 10_000 == 0) {
                ps.executeBatch();
              }
            }
          }
          ps.executeBatch();
        }
        c.commit();
      }
      System.out.printf("seeded %d heads in %.1f s%n", n, (System.nanoTime() - t0) / 1e9);
    }
    String[] common = {"--home", home.toString(), "--config-dir", config.toString()};
    for (int run = 1; run <= 3; run++) {
      time(
          "gaps",
          concat(
              new String[] {
                "gaps",
                "--source",
                "eia",
                "--start-date",
                start.toString(),
                "--end-date",
                end.toString(),
                "--format",
                "json"
              },
              common));
      time(
          "plan",
          concat(
              new String[] {
                "plan",
                "--source",
                "eia",
                "--start-date",
                start.toString(),
                "--end-date",
                end.toString(),
                "--output",
                dir.resolve("plan.json").toString(),
                "--format",
                "json"
              },
              common));
    }
  }

  private static void time(String name, String[] args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    long t0 = System.nanoTime();
    int code =
        Main.run(args, Map.of(), new PrintWriter(out), new PrintWriter(err), Clock.systemUTC());
    double s = (System.nanoTime() - t0) / 1e9;
    String o = out.toString();
    String summary =
        name.equals("gaps")
            ? o.replaceAll("(?s).*\"missing\" : (\\d+).*", "missing=$1")
            : o.replaceFirst("(?s)^.*?\"partitions\" : (\\d+).*$", "partitions=$1");
    System.out.printf(
        "%-5s exit %d in %.3f s (%s)%s%n",
        name, code, s, summary, err.toString().isEmpty() ? "" : " " + err);
  }

  private static String[] concat(String[] a, String[] b) {
    String[] out = new String[a.length + b.length];
    System.arraycopy(a, 0, out, 0, a.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
