package io.aurum.store;

import io.aurum.core.port.EmergencyRepository.Emergency;
import io.aurum.core.port.EmergencyRepository.Kind;
import io.aurum.core.port.EmergencyRepository.OutboxRow;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Reading {@code emergencies} and {@code emergency_paused} rows. */
final class EmergencyRows {
  private EmergencyRows() {}

  static Emergency emergency(ResultSet rs, List<String> paused) throws SQLException {
    return new Emergency(
        rs.getLong(1),
        Kind.valueOf(rs.getString(2)),
        rs.getString(3),
        rs.getString(4),
        rs.getBoolean(5),
        rs.getString(6),
        rs.getBoolean(7),
        rs.getString(8),
        rs.getString(9),
        instant(rs, 10),
        instant(rs, 11),
        instant(rs, 12),
        rs.getString(13),
        rs.getString(14),
        paused);
  }

  static Emergency withPaused(Emergency e, List<String> paused) {
    return new Emergency(
        e.id(),
        e.kind(),
        e.scopeSource(),
        e.scopeOperation(),
        e.includeCritical(),
        e.level(),
        e.isolateKafka(),
        e.reason(),
        e.actor(),
        e.declaredAt(),
        e.expiresAt(),
        e.releasedAt(),
        e.releasedBy(),
        e.releaseReason(),
        List.copyOf(paused));
  }

  /** What each emergency paused, in the order it paused them. */
  static Map<Long, List<String>> paused(Connection c) throws SQLException {
    Map<Long, List<String>> byEmergency = new HashMap<>();
    try (PreparedStatement ps =
            c.prepareStatement(
                "SELECT emergency_id, operation_id FROM emergency_paused ORDER BY seq");
        ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        byEmergency.computeIfAbsent(rs.getLong(1), k -> new ArrayList<>()).add(rs.getString(2));
      }
    }
    return byEmergency;
  }

  private static final String KAFKA_ISOLATIONS =
      "SELECT 1 FROM emergencies e WHERE e.kind = 'ISOLATION'"
          + " AND e.isolate_kafka AND e.released_at IS NULL";

  // A strict corruption isolation holds the rows of its partition.
  private static final String STRICT_ISOLATIONS =
      "SELECT 1 FROM corruption_isolations i WHERE i.released_at IS NULL AND i.mode = 'STRICT'";

  /** Outbox row {@code o} is of a source isolated with --isolate-kafka. */
  private static final String SOURCE_HELD =
      "EXISTS ("
          + KAFKA_ISOLATIONS
          + " AND (o.source = e.scope_source OR (o.source IS NULL AND o.payload LIKE"
          + " '{\"partition\":\"' || e.scope_source || '/%')))";

  /** Outbox row {@code o} is of a partition under a strict corruption isolation. */
  private static final String PARTITION_HELD =
      "EXISTS ("
          + STRICT_ISOLATIONS
          + " AND o.payload LIKE '{\"partition\":\"' || i.partition_key || '\"%')";

  /**
   * The condition on outbox row {@code o} of what a relay may send: not relayed yet, not of a
   * source isolated with --isolate-kafka, not of a partition under a strict corruption isolation.
   */
  static final String RELAYABLE =
      "o.relayed_at IS NULL AND NOT " + SOURCE_HELD + " AND NOT " + PARTITION_HELD;

  /** The condition on outbox row {@code o} of an unrelayed row an isolation holds. */
  static final String HELD =
      "o.relayed_at IS NULL AND (" + SOURCE_HELD + " OR " + PARTITION_HELD + ")";

  /** A query with a row when some isolation may hold outbox rows. */
  static final String HOLDING = KAFKA_ISOLATIONS + " UNION ALL " + STRICT_ISOLATIONS;

  /**
   * Unrelayed outbox rows, oldest first, but those of sources isolated with --isolate-kafka and of
   * partitions under a strict corruption isolation.
   */
  static List<OutboxRow> relayable(Connection c, int limit) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT o.id, o.at, o.topic, o.payload FROM outbox o WHERE "
                + RELAYABLE
                + " ORDER BY o.id LIMIT ?")) {
      ps.setInt(1, limit);
      List<OutboxRow> rows = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          rows.add(
              new OutboxRow(
                  rs.getLong(1),
                  Instant.ofEpochMilli(rs.getLong(2)),
                  rs.getString(3),
                  rs.getString(4)));
        }
      }
      return rows;
    }
  }

  private static Instant instant(ResultSet rs, int column) throws SQLException {
    long v = rs.getLong(column);
    return rs.wasNull() ? null : Instant.ofEpochMilli(v);
  }
}
