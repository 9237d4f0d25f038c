package io.aurum.app.testing;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;

/** Row counts of every Aurum table: equal snapshots before and after mean nothing was written. */
public final class DbSnapshot {
  private static final String[] TABLES = {
    "operations", "tasks", "partition_versions", "heads", "observations", "audit_log", "outbox"
  };

  private DbSnapshot() {}

  public static Map<String, Long> of(String jdbcUrl) throws SQLException {
    Map<String, Long> out = new LinkedHashMap<>();
    try (Connection c = DriverManager.getConnection(jdbcUrl);
        Statement s = c.createStatement()) {
      for (String t : TABLES) {
        try (ResultSet rs = s.executeQuery("SELECT count(*) FROM " + t)) {
          rs.next();
          out.put(t, rs.getLong(1));
        }
      }
    }
    return out;
  }
}
