package io.aurum.store;

import io.aurum.store.dialect.Dialect;
import io.aurum.store.jdbc.StatementCache;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;

/**
 * The prepared statements of one transaction, one per SQL text: a group commit prepares each
 * statement once, however many requests it carries. At the end it closes them, or, where the
 * dialect caches statements ({@link StatementCache}), clears them for the next transaction. Not
 * thread-safe.
 */
final class Statements implements AutoCloseable {
  private final Connection c;
  private final boolean cached;
  private final Map<String, PreparedStatement> open = new HashMap<>();

  Statements(Connection c, Dialect dialect) {
    this.c = c;
    this.cached = dialect.cachesStatements();
  }

  /** The connection (and transaction) these statements run in. */
  Connection connection() {
    return c;
  }

  PreparedStatement get(String sql) throws SQLException {
    PreparedStatement ps = open.get(sql);
    if (ps == null) {
      ps = cached ? StatementCache.get(c, sql) : c.prepareStatement(sql);
      open.put(sql, ps);
    }
    return ps;
  }

  @Override
  public void close() throws SQLException {
    SQLException first = null;
    for (PreparedStatement ps : open.values()) {
      try {
        if (cached) {
          ps.clearBatch();
          ps.clearParameters();
        } else {
          ps.close();
        }
      } catch (SQLException e) {
        if (first == null) {
          first = e;
        } else {
          first.addSuppressed(e);
        }
      }
    }
    open.clear();
    if (first != null) {
      throw first;
    }
  }
}
