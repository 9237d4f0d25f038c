package io.aurum.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/** What every benchmark needs: a throw-away database, a config directory, one JSON output line. */
final class BenchEnv {
  static final String DEFAULT_PG = "jdbc:postgresql://127.0.0.1:5432/test?user=postgres";

  /** The repository's config/ directory; benches run from the repository root or a module. */
  static final Path REPO_CONFIG = findConfig();

  private BenchEnv() {}

  private static Path findConfig() {
    Path here = Path.of("").toAbsolutePath();
    for (Path p = here; p != null; p = p.getParent()) {
      if (Files.isRegularFile(p.resolve("config/datasets.json"))) {
        return p.resolve("config");
      }
    }
    throw new IllegalStateException("no config/datasets.json above " + here);
  }

  /**
   * A JDBC URL for a fresh database: a new SQLite file under {@code dir}, or a new schema in the
   * PostgreSQL database at {@code AURUM_BENCH_PG_URL} (default {@value #DEFAULT_PG}).
   */
  static String freshDatabase(String kind, Path dir) {
    if (kind.equals("sqlite")) {
      return "jdbc:sqlite:" + dir.resolve("aurum-bench.db");
    }
    if (!kind.equals("postgresql")) {
      throw new IllegalArgumentException("database must be sqlite or postgresql, not " + kind);
    }
    String base = System.getenv().getOrDefault("AURUM_BENCH_PG_URL", DEFAULT_PG);
    String schema = "bench_" + UUID.randomUUID().toString().substring(0, 8);
    try (Connection c = DriverManager.getConnection(base);
        Statement s = c.createStatement()) {
      s.execute("CREATE SCHEMA " + schema);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot create schema " + schema + ": " + e.getMessage(), e);
    }
    return base + (base.contains("?") ? "&" : "?") + "currentSchema=" + schema;
  }

  /** Drops the schema of a PostgreSQL bench URL (no-op for SQLite). */
  static void dropDatabase(String url) {
    if (System.getenv("AURUM_BENCH_KEEP") != null) {
      System.err.println("kept " + url);
      return;
    }
    int i = url.indexOf("currentSchema=");
    if (i < 0) {
      return;
    }
    String schema = url.substring(i + "currentSchema=".length());
    try (Connection c = DriverManager.getConnection(url);
        Statement s = c.createStatement()) {
      s.execute("DROP SCHEMA " + schema + " CASCADE");
    } catch (SQLException e) {
      System.err.println("could not drop schema " + schema + ": " + e.getMessage());
    }
  }

  static Path tempDir(String prefix) {
    try {
      return Files.createTempDirectory(prefix);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * A config directory: the repository's catalog plus {@code extraDatasets} (JSON objects), eia at
   * {@code eiaPerSecond} with {@code maxConcurrency}, the repository's operation defaults.
   */
  static Path writeConfig(Path dir, String extraDatasets, double eiaPerSecond, int maxConcurrency) {
    try {
      Files.createDirectories(dir);
      String catalog = Files.readString(REPO_CONFIG.resolve("datasets.json"));
      if (!extraDatasets.isEmpty()) {
        catalog =
            catalog.replaceFirst(
                "\"datasets\"\\s*:\\s*\\[", "\"datasets\": [" + extraDatasets + ",");
      }
      Files.writeString(dir.resolve("datasets.json"), catalog);
      for (String f : new String[] {"operation_defaults.json", "environment_template.env"}) {
        Files.copy(REPO_CONFIG.resolve(f), dir.resolve(f));
      }
      Files.writeString(
          dir.resolve("data_source_quotas.json"),
          """
          {"sources": {
            "eia":  {"limits": [{"requests": %d, "period": "PT1S"}], "max_concurrency": %d, "reserved_share": 0.2, "typical_latency_ms": 1},
            "fred": {"limits": [{"requests": 120, "period": "PT1M"}], "max_concurrency": 4},
            "cpi":  {"limits": [{"requests": 500, "period": "P1D"}], "max_concurrency": 1},
            "noaa": {"limits": [{"requests": 5, "period": "PT1S"}], "max_concurrency": 5},
            "iso":  {"limits": [{"requests": 6, "period": "PT1M"}], "max_concurrency": 1}
          }}
          """
              .formatted((long) eiaPerSecond, maxConcurrency));
      return dir;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** One JSON line on stdout; values are numbers, booleans or strings. */
  static void printJson(Map<String, ?> fields) {
    StringBuilder sb = new StringBuilder("{");
    for (Map.Entry<String, ?> e : fields.entrySet()) {
      if (sb.length() > 1) {
        sb.append(',');
      }
      sb.append('"').append(e.getKey()).append("\":");
      Object v = e.getValue();
      if (v instanceof Number || v instanceof Boolean) {
        sb.append(v instanceof Double d ? String.format(java.util.Locale.ROOT, "%.3f", d) : v);
      } else {
        sb.append('"').append(String.valueOf(v).replace("\"", "\\\"")).append('"');
      }
    }
    System.out.println(sb.append('}'));
  }

  static Map<String, Object> json() {
    return new LinkedHashMap<>();
  }

  static double percentile(long[] sorted, double p) {
    if (sorted.length == 0) {
      return Double.NaN;
    }
    int i = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
  }
}
