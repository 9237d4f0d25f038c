package io.aurum.store.testing;

import io.aurum.store.JdbcStore;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Clock;

/**
 * A throw-away database for one test: SQLite in a temporary file or PostgreSQL in a fresh schema
 * that {@link #close()} drops. Open stores with {@link #open}; use {@link #raw()} for plain SQL.
 */
public final class TestDatabase implements AutoCloseable {
  private final String dialect;
  private final String jdbcUrl;
  private final Runnable cleanup;

  TestDatabase(String dialect, String jdbcUrl, Runnable cleanup) {
    this.dialect = dialect;
    this.jdbcUrl = jdbcUrl;
    this.cleanup = cleanup;
  }

  /** {@code sqlite} or {@code postgresql}. */
  public String dialect() {
    return dialect;
  }

  public String jdbcUrl() {
    return jdbcUrl;
  }

  public JdbcStore open() {
    return JdbcStore.open(jdbcUrl);
  }

  public JdbcStore open(Clock clock) {
    return JdbcStore.open(jdbcUrl, dialect.equals("sqlite") ? 4 : 10, clock);
  }

  /** A plain JDBC connection for assertions in SQL (views, tampering); the caller closes it. */
  public Connection raw() throws SQLException {
    return DriverManager.getConnection(jdbcUrl);
  }

  /** The first column of the first row of a query, as a count: {@code SELECT COUNT(*) ...}. */
  public long count(String sql) {
    try (Connection c = raw();
        java.sql.Statement s = c.createStatement();
        java.sql.ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    cleanup.run();
  }
}
