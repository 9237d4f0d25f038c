package io.aurum.store.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * Prepared statements kept per physical connection across transactions, for SQLite: there a prepare
 * parses the SQL on every call (no server-side cache as PostgreSQL's driver has), and on the hot
 * path preparing cost about as much as running. Statements belong to the cache: callers must not
 * close them, and must leave them without a pending batch. A connection's statements die with it
 * (its entry is dropped when the next connection is seen); the most recently used {@link
 * #PER_CONNECTION} are kept. Thread-safe (a physical connection is used by one thread at a time).
 */
public final class StatementCache {
  static final int PER_CONNECTION = 64;

  private static final Map<Connection, Map<String, PreparedStatement>> BY_CONNECTION =
      Collections.synchronizedMap(new WeakHashMap<>());

  private StatementCache() {}

  /** The cached statement for {@code sql} on the physical connection behind {@code c}. */
  public static PreparedStatement get(Connection c, String sql) throws SQLException {
    Connection physical = c.unwrap(Connection.class);
    Map<String, PreparedStatement> statements = BY_CONNECTION.get(physical);
    if (statements == null) {
      // The statements hold their connection, so a closed connection's entry is dropped here.
      synchronized (BY_CONNECTION) {
        BY_CONNECTION.keySet().removeIf(StatementCache::isClosed);
      }
      statements = new Lru();
      BY_CONNECTION.put(physical, statements);
    }
    PreparedStatement ps = statements.get(sql);
    if (ps == null || ps.isClosed()) {
      // Prepared on the physical connection: a pool's proxy would close it when the connection
      // goes back to the pool.
      ps = physical.prepareStatement(sql);
      statements.put(sql, ps);
    }
    return ps;
  }

  private static boolean isClosed(Connection c) {
    try {
      return c.isClosed();
    } catch (SQLException e) {
      return true;
    }
  }

  /** Most recently used statements of one connection; the evicted one is closed. */
  private static final class Lru extends LinkedHashMap<String, PreparedStatement> {
    Lru() {
      super(16, 0.75f, true);
    }

    @Override
    protected boolean removeEldestEntry(Map.Entry<String, PreparedStatement> eldest) {
      if (size() <= PER_CONNECTION) {
        return false;
      }
      try {
        eldest.getValue().close();
      } catch (SQLException e) {
        // Closing a statement of a live connection does not fail; a dead one is gone anyway.
      }
      return true;
    }
  }
}
