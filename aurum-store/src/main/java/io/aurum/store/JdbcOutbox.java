package io.aurum.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.aurum.core.relay.Outbox;
import io.aurum.store.jdbc.Jdbc;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@link Outbox} on SQLite and PostgreSQL. The relay lease is the one row of {@code
 * outbox_relay_lease} (V100): taken by a conditional update in the transaction that reads the
 * batch, checked again in the transaction that marks it, so a relay whose lease was taken over
 * marks nothing. Thread-safe.
 */
final class JdbcOutbox implements Outbox {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String LEASE = "relay";

  private final Jdbc jdbc;
  private final Clock clock;

  JdbcOutbox(Jdbc jdbc, Clock clock) {
    this.jdbc = jdbc;
    this.clock = clock;
  }

  @Override
  public Optional<List<Row>> claim(String holder, Duration lease, int limit) {
    return jdbc.inTransaction(
        "claiming outbox rows for the relay",
        c -> {
          long now = clock.millis();
          int took =
              JdbcOperationRepository.update(
                  c,
                  "UPDATE outbox_relay_lease SET holder = ?, expires_at = ? WHERE name = ?"
                      + " AND (holder = ? OR holder IS NULL OR expires_at < ?)",
                  holder,
                  now + lease.toMillis(),
                  LEASE,
                  holder,
                  now);
          if (took == 0) {
            return Optional.empty();
          }
          List<Row> rows = new ArrayList<>();
          try (PreparedStatement ps =
              c.prepareStatement(
                  "SELECT o.id, o.at, o.source, o.payload FROM outbox o WHERE "
                      + EmergencyRows.RELAYABLE
                      + " ORDER BY o.id LIMIT ?")) {
            ps.setInt(1, limit);
            try (ResultSet rs = ps.executeQuery()) {
              while (rs.next()) {
                rows.add(
                    new Row(
                        rs.getLong(1),
                        Instant.ofEpochMilli(rs.getLong(2)),
                        rs.getString(3),
                        rs.getString(4)));
              }
            }
          }
          return Optional.of(withRollbackSources(c, rows));
        });
  }

  @Override
  public int markRelayed(String holder, List<Long> ids) {
    if (ids.isEmpty()) {
      return 0;
    }
    return jdbc.inTransaction(
        "marking outbox rows relayed",
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "SELECT 1 FROM outbox_relay_lease WHERE name = ? AND holder = ?")) {
            ps.setString(1, LEASE);
            ps.setString(2, holder);
            try (ResultSet rs = ps.executeQuery()) {
              if (!rs.next()) {
                return 0;
              }
            }
          }
          long now = clock.millis();
          int marked = 0;
          try (PreparedStatement ps =
              c.prepareStatement(
                  "UPDATE outbox SET relayed_at = ? WHERE id = ? AND relayed_at IS NULL")) {
            for (long id : ids) {
              ps.setLong(1, now);
              ps.setLong(2, id);
              ps.addBatch();
            }
            for (int n : ps.executeBatch()) {
              marked += Math.max(n, 0);
            }
          }
          return marked;
        });
  }

  @Override
  public void release(String holder) {
    jdbc.inTransaction(
        "releasing the relay lease",
        c ->
            JdbcOperationRepository.update(
                c,
                "UPDATE outbox_relay_lease SET holder = NULL, expires_at = 0"
                    + " WHERE name = ? AND holder = ?",
                LEASE,
                holder));
  }

  @Override
  public int pruneRelayed(Instant before) {
    return jdbc.inTransaction(
        "pruning relayed outbox rows",
        c ->
            JdbcOperationRepository.update(
                c,
                "DELETE FROM outbox WHERE relayed_at IS NOT NULL AND relayed_at < ?",
                before.toEpochMilli()));
  }

  @Override
  public long unrelayed() {
    return jdbc.withConnection(
        "counting unrelayed outbox rows",
        c -> {
          try (PreparedStatement ps =
                  c.prepareStatement("SELECT COUNT(*) FROM outbox WHERE relayed_at IS NULL");
              ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
          }
        });
  }

  /**
   * Counts the unrelayed rows over the partial index {@code outbox_unrelayed} and reads the first
   * sendable one as the claim does (at most four small statements); the held rows are counted only
   * while some isolation may hold any, so the common case never tests the isolations row by row.
   */
  @Override
  public Backlog backlog() {
    return jdbc.withConnection( // a read: never SQLite's writer lock
        "reading the outbox backlog",
        c -> {
          long unrelayed = count(c, "SELECT COUNT(*) FROM outbox o WHERE o.relayed_at IS NULL");
          if (unrelayed == 0) {
            return new Backlog(0, 0, null);
          }
          Instant oldest = null;
          try (PreparedStatement ps =
                  c.prepareStatement(
                      "SELECT o.at FROM outbox o WHERE "
                          + EmergencyRows.RELAYABLE
                          + " ORDER BY o.id LIMIT 1");
              ResultSet rs = ps.executeQuery()) {
            if (rs.next()) {
              oldest = Instant.ofEpochMilli(rs.getLong(1));
            }
          }
          // Each statement sees the outbox as it is then (a gauge, not an audit): a batch the
          // relay marks in between moves the figures by that batch, never invents held rows.
          long held =
              count(c, "SELECT COUNT(*) FROM (" + EmergencyRows.HOLDING + ") h") == 0
                  ? 0
                  : count(c, "SELECT COUNT(*) FROM outbox o WHERE " + EmergencyRows.HELD);
          return new Backlog(unrelayed, held, oldest);
        });
  }

  private static long count(Connection c, String sql) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql);
        ResultSet rs = ps.executeQuery()) {
      rs.next();
      return rs.getLong(1);
    }
  }

  /**
   * An operation rollback's row names the rolled-back operation, not its source: the source is the
   * operation's, so the message goes to that source's topic.
   */
  private static List<Row> withRollbackSources(Connection c, List<Row> rows) throws SQLException {
    List<Row> out = new ArrayList<>(rows.size());
    for (Row r : rows) {
      String operation = r.source() == null ? rolledBack(r.payload()) : null;
      if (operation == null) {
        out.add(r);
        continue;
      }
      try (PreparedStatement ps =
          c.prepareStatement("SELECT source FROM operations WHERE id = ?")) {
        ps.setString(1, operation);
        try (ResultSet rs = ps.executeQuery()) {
          out.add(rs.next() ? new Row(r.id(), r.at(), cliName(rs.getString(1)), r.payload()) : r);
        }
      }
    }
    return out;
  }

  /** Operations keep the source as its enum name (EIA); topics and keys use the CLI's (eia). */
  private static String cliName(String stored) {
    for (io.aurum.core.model.SourceId s : io.aurum.core.model.SourceId.values()) {
      if (s.name().equalsIgnoreCase(stored) || s.cliName().equalsIgnoreCase(stored)) {
        return s.cliName();
      }
    }
    return stored.toLowerCase(java.util.Locale.ROOT);
  }

  private static String rolledBack(String payload) {
    if (!payload.contains("\"rolledBack\"")) {
      return null;
    }
    try {
      JsonNode n = JSON.readTree(payload).path("rolledBack");
      return n.isTextual() ? n.asText() : null;
    } catch (IOException e) {
      return null;
    }
  }
}
