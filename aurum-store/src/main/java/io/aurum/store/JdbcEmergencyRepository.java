package io.aurum.store;

import io.aurum.core.port.EmergencyRepository;
import io.aurum.store.jdbc.Jdbc;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@link EmergencyRepository} on SQLite and PostgreSQL. Every change is one transaction with its
 * audit entry; ids are allocated under a table lock (SQLite's IMMEDIATE transaction, or LOCK TABLE
 * on PostgreSQL) so two processes declaring at once get distinct ids. Thread-safe.
 */
final class JdbcEmergencyRepository implements EmergencyRepository {
  private static final String COLUMNS =
      "id, kind, scope_source, scope_operation, include_critical, level, isolate_kafka, reason,"
          + " actor, declared_at, expires_at, released_at, released_by, release_reason";

  private final Jdbc jdbc;
  private final boolean postgres;
  private final JdbcAuditLog audit;
  private final Clock clock;

  JdbcEmergencyRepository(Jdbc jdbc, boolean postgres, JdbcAuditLog audit, Clock clock) {
    this.jdbc = jdbc;
    this.postgres = postgres;
    this.audit = audit;
    this.clock = clock;
  }

  @Override
  public long declare(Declaration d) {
    return jdbc.inTransaction(
        "declaring an emergency",
        c -> {
          lock(c);
          long id = next(c, "SELECT COALESCE(MAX(id), 0) + 1 FROM emergencies");
          try (PreparedStatement ps =
              c.prepareStatement(
                  "INSERT INTO emergencies (id, kind, scope_source, scope_operation,"
                      + " include_critical, level, isolate_kafka, reason, actor, declared_at,"
                      + " expires_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            ps.setLong(1, id);
            ps.setString(2, d.kind().name());
            ps.setString(3, d.scopeSource());
            ps.setString(4, d.scopeOperation());
            ps.setBoolean(5, d.includeCritical());
            ps.setString(6, d.level());
            ps.setBoolean(7, d.isolateKafka());
            ps.setString(8, d.reason());
            ps.setString(9, d.actor());
            ps.setLong(10, clock.millis());
            if (d.expiresAt() == null) {
              ps.setNull(11, Types.BIGINT);
            } else {
              ps.setLong(11, d.expiresAt().toEpochMilli());
            }
            ps.executeUpdate();
          }
          Map<String, Object> detail = new LinkedHashMap<>();
          detail.put("id", id);
          detail.put("kind", d.kind().name());
          detail.put("scope", scope(d));
          detail.put("includeCritical", d.includeCritical());
          detail.put("level", d.level());
          detail.put("isolateKafka", d.isolateKafka());
          detail.put("reason", d.reason());
          audit.appendIn(c, d.actor(), null, "emergency.declared", SpecJson.object(detail));
          return id;
        });
  }

  private static String scope(Declaration d) {
    if (d.scopeOperation() != null) {
      return "operation " + d.scopeOperation();
    }
    return d.scopeSource() != null ? "source " + d.scopeSource() : "all";
  }

  @Override
  public void recordPaused(long emergencyId, String operationId) {
    jdbc.inTransaction(
        "recording what emergency " + emergencyId + " paused",
        c -> {
          lock(c);
          try (PreparedStatement ps =
              c.prepareStatement(
                  "SELECT 1 FROM emergency_paused WHERE emergency_id = ? AND operation_id = ?")) {
            ps.setLong(1, emergencyId);
            ps.setString(2, operationId);
            try (ResultSet rs = ps.executeQuery()) {
              if (rs.next()) {
                return null;
              }
            }
          }
          long seq = next(c, "SELECT COALESCE(MAX(seq), 0) + 1 FROM emergency_paused");
          JdbcOperationRepository.update(
              c,
              "INSERT INTO emergency_paused (emergency_id, operation_id, seq) VALUES (?, ?, ?)",
              emergencyId,
              operationId,
              seq);
          return null;
        });
  }

  @Override
  public List<Emergency> active(Instant now) {
    return query(
        "SELECT "
            + COLUMNS
            + " FROM emergencies WHERE released_at IS NULL"
            + " AND (expires_at IS NULL OR expires_at > ?) ORDER BY id",
        now.toEpochMilli());
  }

  @Override
  public List<Emergency> history() {
    return query("SELECT " + COLUMNS + " FROM emergencies ORDER BY id DESC", null);
  }

  @Override
  public boolean release(long id, String actor, String reason, Instant now) {
    return jdbc.inTransaction(
        "releasing emergency " + id,
        c -> {
          int n =
              JdbcOperationRepository.update(
                  c,
                  "UPDATE emergencies SET released_at = ?, released_by = ?, release_reason = ?"
                      + " WHERE id = ? AND released_at IS NULL",
                  now.toEpochMilli(),
                  actor,
                  reason,
                  id);
          if (n == 0) {
            return false;
          }
          Map<String, Object> detail = new LinkedHashMap<>();
          detail.put("id", id);
          detail.put("reason", reason);
          audit.appendIn(c, actor, null, "emergency.released", SpecJson.object(detail));
          return true;
        });
  }

  @Override
  public void markCritical(String operationId) {
    jdbc.inTransaction(
        "marking " + operationId + " critical",
        c ->
            JdbcOperationRepository.update(
                c, "UPDATE operations SET critical = TRUE WHERE id = ?", operationId));
  }

  @Override
  public boolean critical(String operationId) {
    return jdbc.withConnection(
        "reading whether " + operationId + " is critical",
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement("SELECT critical FROM operations WHERE id = ?")) {
            ps.setString(1, operationId);
            try (ResultSet rs = ps.executeQuery()) {
              return rs.next() && rs.getBoolean(1);
            }
          }
        });
  }

  @Override
  public void markRecovery(String operationId) {
    jdbc.inTransaction(
        "marking " + operationId + " as run by a recovery",
        c ->
            JdbcOperationRepository.update(
                c, "UPDATE operations SET recovery = TRUE WHERE id = ?", operationId));
  }

  @Override
  public boolean recovery(String operationId) {
    return jdbc.withConnection(
        "reading whether a recovery runs " + operationId,
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement("SELECT recovery FROM operations WHERE id = ?")) {
            ps.setString(1, operationId);
            try (ResultSet rs = ps.executeQuery()) {
              return rs.next() && rs.getBoolean(1);
            }
          }
        });
  }

  @Override
  public List<OutboxRow> relayableOutbox(int limit) {
    return jdbc.withConnection(
        "reading the relayable outbox", c -> EmergencyRows.relayable(c, limit));
  }

  private List<Emergency> query(String sql, Long param) {
    return jdbc.withConnection(
        "reading emergencies",
        c -> {
          List<Emergency> found = new ArrayList<>();
          try (PreparedStatement ps = c.prepareStatement(sql)) {
            if (param != null) {
              ps.setLong(1, param);
            }
            try (ResultSet rs = ps.executeQuery()) {
              while (rs.next()) {
                found.add(EmergencyRows.emergency(rs, List.of()));
              }
            }
          }
          if (found.isEmpty()) {
            return found;
          }
          Map<Long, List<String>> paused = EmergencyRows.paused(c);
          return found.stream()
              .map(e -> EmergencyRows.withPaused(e, paused.getOrDefault(e.id(), List.of())))
              .toList();
        });
  }

  private void lock(Connection c) throws SQLException {
    if (postgres) {
      try (var st = c.createStatement()) {
        st.execute("LOCK TABLE emergencies IN SHARE ROW EXCLUSIVE MODE");
      }
    }
  }

  private static long next(Connection c, String sql) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql);
        ResultSet rs = ps.executeQuery()) {
      rs.next();
      return rs.getLong(1);
    }
  }
}
