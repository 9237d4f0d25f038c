package io.aurum.store;

import io.aurum.core.error.AurumException;
import io.aurum.core.model.PartitionKey;
import io.aurum.core.model.PartitionVersion;
import io.aurum.core.port.VersionRepository.PartitionMove;
import io.aurum.core.port.VersionRepository.RollbackResult;
import io.aurum.core.publish.PublishDecision;
import io.aurum.store.dialect.Dialect;
import io.aurum.store.jdbc.Jdbc;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Partition rollback (an emergency recovery's step): chosen heads move back to a chosen earlier
 * version, each under its partition's lock and only if it is still the version the move was planned
 * from, recorded in {@code rollback_moves} like an operation's rollback, audited and sent to the
 * outbox. Stateless apart from its collaborators; thread-safe.
 */
final class JdbcPartitionRollbacks {
  private final Jdbc jdbc;
  private final Dialect dialect;
  private final JdbcAuditLog audit;
  private final Clock clock;

  JdbcPartitionRollbacks(Jdbc jdbc, Dialect dialect, JdbcAuditLog audit, Clock clock) {
    this.jdbc = jdbc;
    this.dialect = dialect;
    this.audit = audit;
    this.clock = clock;
  }

  RollbackResult rollback(List<PartitionMove> moves, String rollbackId, String actor) {
    if (moves.isEmpty()) {
      throw new IllegalArgumentException("a partition rollback needs at least one move");
    }
    return jdbc.inTransaction(
        "rolling back " + moves.size() + " partition(s) as " + rollbackId,
        c -> {
          dialect.lockPartitions(c, moves.stream().map(PartitionMove::partition).toList());
          long now = clock.millis();
          List<Map<String, Object>> done = new ArrayList<>();
          for (PartitionMove m : moves) {
            PartitionVersion from = version(c, m.fromVersionId());
            PartitionVersion to = version(c, m.toVersionId());
            PartitionKey k = from.partition();
            AurumException refusal =
                PublishDecision.partitionRollbackRefusal(
                    m.partition().equals(k) ? VersionSql.headVersionId(c, k) : null, from, to);
            if (refusal != null) {
              throw refusal;
            }
            one(
                c,
                "INSERT INTO rollback_moves (rollback_id, source, dataset, period,"
                    + " from_version_id, to_version_id) VALUES (?, ?, ?, ?, ?, ?)",
                rollbackId,
                k.source().name(),
                k.dataset(),
                k.period().toString(),
                from.id(),
                to.id());
            one(
                c,
                "UPDATE partition_versions SET state = 'ROLLED_BACK' WHERE id = ?"
                    + " AND state = 'PUBLISHED'",
                from.id());
            one(
                c,
                "UPDATE partition_versions SET state = 'PUBLISHED' WHERE id = ?"
                    + " AND state = 'SUPERSEDED'",
                to.id());
            one(
                c,
                "UPDATE heads SET version_id = ?, operation_id = ?, record_count = ?,"
                    + " complete = (SELECT COALESCE(p.complete, p.record_count > 0)"
                    + " FROM partition_versions p WHERE p.id = ?), updated_at = ?"
                    + " WHERE source = ? AND dataset = ? AND period = ? AND version_id = ?",
                to.id(),
                to.operationId(),
                to.recordCount(),
                to.id(),
                now,
                k.source().name(),
                k.dataset(),
                k.period().toString(),
                from.id());
            Map<String, Object> move = new LinkedHashMap<>();
            move.put("partition", k.toString());
            move.put("fromVersion", from.versionNo());
            move.put("toVersion", to.versionNo());
            done.add(move);
          }
          int finished =
              JdbcOperationRepository.update(
                  c,
                  "UPDATE operations SET state = 'SUCCEEDED', updated_at = ? WHERE id = ?"
                      + " AND state = 'RUNNING'",
                  now,
                  rollbackId);
          if (finished != 1) {
            throw new AurumException.IllegalStateChange(
                "rollback operation " + rollbackId + " is not RUNNING");
          }
          Map<String, Object> detail = new LinkedHashMap<>();
          detail.put("rolledBackPartitions", done.size());
          detail.put("headsMoved", done.size());
          detail.put("moves", done);
          String json = SpecJson.object(detail);
          audit.appendIn(c, actor, rollbackId, "rollback.applied", json);
          audit.appendIn(c, actor, rollbackId, "operation.state", "RUNNING->SUCCEEDED");
          // An outbox row per source, carrying it, so that --isolate-kafka holds a source's moves
          // with the publishes they take back (and only those).
          for (Map.Entry<String, List<Map<String, Object>>> e : bySource(done).entrySet()) {
            Map<String, Object> part = new LinkedHashMap<>();
            part.put("rolledBackPartitions", e.getValue().size());
            part.put("headsMoved", e.getValue().size());
            part.put("moves", e.getValue());
            JdbcOperationRepository.update(
                c,
                "INSERT INTO outbox (at, topic, payload, source) VALUES (?, ?, ?, ?)",
                now,
                GroupCommit.OUTBOX_TOPIC,
                SpecJson.object(part),
                e.getKey());
          }
          return new RollbackResult(done.size(), 0);
        });
  }

  /** The moves by the source of their partition ({@code eia/…}: {@code eia}), in their order. */
  private static Map<String, List<Map<String, Object>>> bySource(List<Map<String, Object>> moves) {
    Map<String, List<Map<String, Object>>> out = new LinkedHashMap<>();
    for (Map<String, Object> m : moves) {
      String partition = (String) m.get("partition");
      out.computeIfAbsent(partition.substring(0, partition.indexOf('/')), k -> new ArrayList<>())
          .add(m);
    }
    return out;
  }

  /** Exactly one row changes, or the move is a bug: two writers cannot both pass the locks. */
  private static void one(Connection c, String sql, Object... args) throws SQLException {
    int n = JdbcOperationRepository.update(c, sql, args);
    if (n != 1) {
      throw new IllegalStateException(
          "partition rollback changed " + n + " rows, not 1: " + sql.substring(0, 40));
    }
  }

  private static PartitionVersion version(Connection c, long id) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT " + Rows.VERSION_COLUMNS + " FROM partition_versions WHERE id = ?")) {
      ps.setLong(1, id);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          throw new AurumException.NotFound("no version id " + id + ": assess and plan again");
        }
        return Rows.version(rs);
      }
    }
  }
}
