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

  /**
   * A fresh PostgreSQL database {@code aurum_test_<random>}, already migrated, dropped on close. It
   * is a copy ({@code CREATE DATABASE … TEMPLATE}) of a template this JVM migrates once: a copy and
   * Flyway's check of it take about 0.4 s, where migrating a fresh schema took 2–3 s, which
   * PostgreSQL tests paid once each. A store opened on it migrates nothing and finds every
   * migration applied, as on any up-to-date database; a test that needs an empty database uses
   * {@link #postgresEmpty()}.
   */
  public static TestDatabase postgres() {
    String base = System.getProperty("aurum.pgUrl", DEFAULT_PG_URL);
    String template = template(base);
    String name = "aurum_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    try (Connection c = DriverManager.getConnection(base);
        Statement s = c.createStatement()) {
      copy(s, template, name);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot copy the template database " + template, e);
    }
    return new TestDatabase("postgresql", withDatabase(base, name), () -> dropDatabase(base, name));
  }

  /** A fresh, empty PostgreSQL schema {@code aurum_test_<random>}, dropped on close. */
  public static TestDatabase postgresEmpty() {
    String base = reachable();
    String schema = "aurum_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    try (Connection c = DriverManager.getConnection(base);
        Statement s = c.createStatement()) {
      s.execute("CREATE SCHEMA " + schema);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot create test schema " + schema, e);
    }
    String sep = base.contains("?") ? "&" : "?";
    String url = base + sep + "currentSchema=" + schema;
    return new TestDatabase("postgresql", url, () -> dropSchema(base, schema));
  }

  private static String template;

  /**
   * This JVM's migrated template database, made on first use (and dropped when the JVM exits);
   * templates of JVMs that are gone are dropped first.
   */
  private static synchronized String template(String base) {
    if (template != null) {
      return template;
    }
    reachable();
    long pid = ProcessHandle.current().pid();
    String name = "aurum_tpl_" + pid + "_" + UUID.randomUUID().toString().substring(0, 8);
    try (Connection c = DriverManager.getConnection(base);
        Statement s = c.createStatement()) {
      java.util.List<String> stale = new java.util.ArrayList<>();
      try (java.sql.ResultSet rs =
          s.executeQuery("SELECT datname FROM pg_database WHERE datname LIKE 'aurum_tpl_%'")) {
        while (rs.next()) {
          stale.add(rs.getString(1));
        }
      }
      for (String db : stale) {
        String[] parts = db.split("_");
        boolean alive =
            parts.length > 2
                && parts[2].matches("[0-9]+")
                && ProcessHandle.of(Long.parseLong(parts[2])).isPresent();
        if (!alive) {
          s.execute("DROP DATABASE IF EXISTS " + db + " WITH (FORCE)");
        }
      }
      s.execute("CREATE DATABASE " + name);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot create the template database " + name, e);
    }
    io.aurum.store.JdbcStore.open(withDatabase(base, name)).close();
    Runtime.getRuntime()
        .addShutdownHook(new Thread(() -> dropDatabase(base, name), "aurum-test-template-drop"));
    template = name;
    return name;
  }

  /**
   * Copies the template; PostgreSQL refuses while another session is connected to the template
   * (none should be: the store that migrated it is closed), so that is retried for a few seconds.
   */
  private static void copy(Statement s, String template, String name) throws SQLException {
    for (int attempt = 1; ; attempt++) {
      try {
        s.execute("CREATE DATABASE " + name + " TEMPLATE " + template);
        return;
      } catch (SQLException e) {
        if (attempt >= 50 || !String.valueOf(e.getMessage()).contains("being accessed")) {
          throw e;
        }
        try {
          Thread.sleep(100);
        } catch (InterruptedException ie) {
          Thread.currentThread().interrupt();
          throw e;
        }
      }
    }
  }

  /** The base URL when PostgreSQL answers; else the test is skipped (or fails when required). */
  private static String reachable() {
    String base = System.getProperty("aurum.pgUrl", DEFAULT_PG_URL);
    boolean required = Boolean.getBoolean("aurum.requirePostgres");
    DriverManager.setLoginTimeout(5);
    try (Connection c = DriverManager.getConnection(base)) {
      return base;
    } catch (SQLException e) {
      String why = "PostgreSQL at " + redact(base) + " is not reachable: " + e.getMessage();
      if (required) {
        throw new IllegalStateException(why + " (aurum.requirePostgres=true)", e);
      }
      Assumptions.abort(why);
      return base;
    }
  }

  private static final java.util.regex.Pattern URL =
      java.util.regex.Pattern.compile("(jdbc:postgresql://[^/?]*)(/[^?]*)?(\\?.*)?");

  /** {@code jdbc:postgresql://host:port/DB?…} with another database. */
  static String withDatabase(String base, String database) {
    java.util.regex.Matcher m = URL.matcher(base);
    if (!m.matches()) {
      throw new IllegalArgumentException("not a PostgreSQL JDBC URL: " + redact(base));
    }
    return m.group(1) + "/" + database + (m.group(3) == null ? "" : m.group(3));
  }

  private static void dropDatabase(String base, String name) {
    try (Connection c = DriverManager.getConnection(base);
        Statement s = c.createStatement()) {
      s.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
    } catch (SQLException e) {
      throw new IllegalStateException("cannot drop test database " + name, e);
    }
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
