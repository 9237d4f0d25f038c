package io.aurum.store.testing;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.UUID;
import org.junit.jupiter.api.Assumptions;

/**
 * Databases for tests of any module that runs against both backends. PostgreSQL comes from system
 * property {@code aurum.pgUrl}; when it does not answer the test is skipped, unless {@code
 * aurum.requirePostgres=true}, when it fails.
 */
public final class StoreFixtures {
  public static final String DEFAULT_PG_URL = "jdbc:postgresql://127.0.0.1:5432/test?user=postgres";

  /**
   * The non-UTC session zone tests should run in, so that zone-dependent SQL shows up. pgjdbc sends
   * the JVM's default zone as the session TimeZone (overriding {@code options=-c …}), so modules
   * set it with surefire's {@code -Duser.timezone=America/Chicago}.
   */
  public static final String PG_SESSION_ZONE = "America/Chicago";

  private StoreFixtures() {}

  /** A SQLite database file inside {@code dir} (e.g. a JUnit {@code @TempDir}). */
  public static TestDatabase sqlite(Path dir) {
    Path file = dir.resolve("db-" + UUID.randomUUID() + "/aurum.db");
    return new TestDatabase("sqlite", "jdbc:sqlite:" + file, () -> {});
  }

  /** A fresh PostgreSQL schema {@code aurum_test_<random>}, dropped on close. */
  public static TestDatabase postgres() {
    String base = System.getProperty("aurum.pgUrl", DEFAULT_PG_URL);
    boolean required = Boolean.getBoolean("aurum.requirePostgres");
    String schema = "aurum_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    DriverManager.setLoginTimeout(5);
    try (Connection c = DriverManager.getConnection(base);
        Statement s = c.createStatement()) {
      s.execute("CREATE SCHEMA " + schema);
    } catch (SQLException e) {
      String why = "PostgreSQL at " + redact(base) + " is not reachable: " + e.getMessage();
      if (required) {
        throw new IllegalStateException(why + " (aurum.requirePostgres=true)", e);
      }
      Assumptions.abort(why);
    }
    String sep = base.contains("?") ? "&" : "?";
    String url = base + sep + "currentSchema=" + schema;
    return new TestDatabase("postgresql", url, () -> dropSchema(base, schema));
  }

  private static void dropSchema(String base, String schema) {
    try (Connection c = DriverManager.getConnection(base);
        Statement s = c.createStatement()) {
      s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
    } catch (SQLException e) {
      throw new IllegalStateException("cannot drop test schema " + schema, e);
    }
  }

  private static String redact(String url) {
    return url.replaceAll("(?i)password=[^&]*", "password=***").toLowerCase(Locale.ROOT);
  }
}
