package io.aurum.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;

/**
 * The prepared statements of one transaction, one per SQL text: a group commit prepares each
 * statement once, however many requests it carries. Closes them all at the end. Not thread-safe.
 */
final class Statements implements AutoCloseable {
  private final Connection c;
  private final Map<String, PreparedStatement> open = new HashMap<>();

  Statements(Connection c) {
    this.c = c;
  }

  PreparedStatement get(String sql) throws SQLException {
    PreparedStatement ps = open.get(sql);
    if (ps == null) {
      ps = c.prepareStatement(sql);
      open.put(sql, ps);
    }
    return ps;
  }

  @Override
  public void close() throws SQLException {
    SQLException first = null;
    for (PreparedStatement ps : open.values()) {
      try {
        ps.close();
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
