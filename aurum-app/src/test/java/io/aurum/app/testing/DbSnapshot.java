package io.aurum.app.testing;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

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

  /**
   * A checksum of the content of every table of the database (or of the current schema on
   * PostgreSQL): rows are hashed in a canonical order, so equal maps mean no row was added, removed
   * or changed anywhere. Values are compared as the driver's text (on PostgreSQL the server's
   * output form: timestamptz in the session zone, numeric with its scale, bytea as hex, jsonb
   * normalised, floats shortest-exact), which is stable for one JVM. On PostgreSQL the sequences of
   * the schema are included too: an insert rolled back still moves its sequence, so a command that
   * tried to write and failed shows up as well.
   */
  public static Map<String, String> checksums(String jdbcUrl) throws SQLException {
    Map<String, String> out = new TreeMap<>();
    try (Connection c = DriverManager.getConnection(jdbcUrl);
        Statement s = c.createStatement()) {
      for (String t : tables(c)) {
        List<String> rows = new ArrayList<>();
        try (ResultSet rs = s.executeQuery("SELECT * FROM \"" + t + "\"")) {
          int n = rs.getMetaData().getColumnCount();
          while (rs.next()) {
            StringBuilder row = new StringBuilder();
            for (int i = 1; i <= n; i++) {
              row.append(rs.getString(i)).append('\u0001');
            }
            rows.add(row.toString());
          }
        }
        rows.sort(null);
        out.put(t, rows.size() + ":" + sha256(String.join("\u0002", rows)));
      }
      if (c.getMetaData().getDatabaseProductName().equals("PostgreSQL")) {
        try (ResultSet rs =
            s.executeQuery(
                "SELECT sequencename, last_value FROM pg_sequences"
                    + " WHERE schemaname = current_schema() ORDER BY sequencename")) {
          while (rs.next()) {
            out.put("sequence " + rs.getString(1), String.valueOf(rs.getString(2)));
          }
        }
      }
    }
    return out;
  }

  private static List<String> tables(Connection c) throws SQLException {
    List<String> names = new ArrayList<>();
    DatabaseMetaData md = c.getMetaData();
    // A schema name is a LIKE pattern here: escape its '_' so that no other schema matches.
    String schema = c.getSchema();
    if (schema != null) {
      String esc = md.getSearchStringEscape();
      schema = schema.replace(esc, esc + esc).replace("_", esc + "_").replace("%", esc + "%");
    }
    try (ResultSet rs =
        md.getTables(null, schema, "%", new String[] {"TABLE", "PARTITIONED TABLE"})) {
      while (rs.next()) {
        String name = rs.getString("TABLE_NAME");
        if (!name.startsWith("sqlite_")) {
          names.add(name);
        }
      }
    }
    names.sort(null);
    return names;
  }

  private static String sha256(String text) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
