package io.aurum.bench;

import io.aurum.connectors.eia.EiaPageParser;
import io.aurum.core.model.Observation;
import io.aurum.store.JdbcStore;
import io.aurum.store.dialect.Dialect;
import io.aurum.store.dialect.SqliteDialect;
import java.io.ByteArrayInputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * CPU time per row of one step of the ingest path, on one thread: the thread's CPU time, not the
 * wall clock, so that a shared machine's other load moves it less. Twelve rounds; the median of the
 * last six is reported (the first ones warm the JIT up).
 *
 * <ul>
 *   <li>{@code eia}: {@link EiaPageParser} over the sandbox's 5,000-row EIA page, 200 pages a
 *       round.
 *   <li>{@code sqlite}: {@link SqliteDialect#insertObservations} into a fresh SQLite file migrated
 *       by the store (WAL, synchronous NORMAL), 40 commits of 10 versions of 240 rows a round.
 * </ul>
 *
 * <p>Usage: {@code RowCpuBench eia|sqlite}.
 */
public final class RowCpuBench {
  private static final int ROUNDS = 12;
  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  private RowCpuBench() {}

  public static void main(String[] args) throws Exception {
    String step = args.length > 0 ? args[0] : "eia";
    double[] nsPerRow = new double[ROUNDS];
    switch (step) {
      case "eia" -> eia(nsPerRow);
      case "sqlite" -> sqlite(nsPerRow);
      default -> {
        System.err.println("unknown step " + step + ": eia or sqlite");
        System.exit(2);
      }
    }
    double[] last = Arrays.copyOfRange(nsPerRow, ROUNDS / 2, ROUNDS);
    Arrays.sort(last);
    Map<String, Object> out = BenchEnv.json();
    out.put("bench", "row_cpu");
    out.put("step", step);
    out.put("cpu_ns_per_row_median", (last[2] + last[3]) / 2);
    out.put("cpu_ns_per_row_min", last[0]);
    out.put("cpu_ns_per_row_max", last[last.length - 1]);
    BenchEnv.printJson(out);
  }

  private static void eia(double[] nsPerRow) throws Exception {
    byte[] page = Payloads.eia();
    EiaPageParser parser = new EiaPageParser(Payloads.eiaDemand());
    long[] rows = new long[1];
    for (int round = 0; round < ROUNDS; round++) {
      rows[0] = 0;
      long cpu = THREADS.getCurrentThreadCpuTime();
      for (int i = 0; i < 200; i++) {
        parser.parse(new ByteArrayInputStream(page), "bench", o -> rows[0]++);
      }
      nsPerRow[round] = (THREADS.getCurrentThreadCpuTime() - cpu) / (double) rows[0];
    }
  }

  private static void sqlite(double[] nsPerRow) throws Exception {
    Path dir = BenchEnv.tempDir("aurum-row-cpu");
    Path file = dir.resolve("rows.db");
    String url = "jdbc:sqlite:" + file;
    // The store's own migrations make the schema; the bench then writes on a plain connection.
    JdbcStore.open(url).close();
    try (Connection c = DriverManager.getConnection(url)) {
      execute(c, "PRAGMA synchronous=NORMAL");
      c.setAutoCommit(false);
      SqliteDialect dialect = new SqliteDialect();
      long version = 1;
      for (int round = 0; round < ROUNDS; round++) {
        long cpu = 0;
        long rows = 0;
        for (int commit = 0; commit < 40; commit++) {
          List<Dialect.VersionRows> batches = new ArrayList<>();
          for (int v = 0; v < 10; v++, version++) {
            List<Observation> day = new ArrayList<>(240);
            for (int h = 0; h < 24; h++) {
              for (int s = 0; s < 10; s++) {
                day.add(
                    new Observation(
                        "S" + s, Instant.ofEpochSecond(version * 86_400 + h * 3_600L), h, "MWh"));
              }
            }
            batches.add(new Dialect.VersionRows(version, day));
            rows += day.size();
          }
          long before = THREADS.getCurrentThreadCpuTime();
          dialect.insertObservations(c, batches);
          c.commit();
          cpu += THREADS.getCurrentThreadCpuTime() - before;
        }
        nsPerRow[round] = cpu / (double) rows;
      }
    } finally {
      for (String suffix : new String[] {"", "-wal", "-shm"}) {
        Files.deleteIfExists(dir.resolve("rows.db" + suffix));
      }
      Files.deleteIfExists(dir);
    }
  }

  private static void execute(Connection c, String sql) throws SQLException {
    try (Statement st = c.createStatement()) {
      st.execute(sql);
    }
  }
}
