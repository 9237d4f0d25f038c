package io.aurum.store;

import io.aurum.core.error.AurumException;
import io.aurum.core.model.PartitionKey;
import io.aurum.core.model.PartitionVersion;
import io.aurum.core.model.SourceId;
import io.aurum.core.port.VersionRepository.RollbackResult;
import io.aurum.core.port.VersionRepository.VersionPair;
import io.aurum.store.dialect.Dialect;
import io.aurum.store.jdbc.Jdbc;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Rollback and version lineage in SQL: set-based statements, so rolling back ten thousand
 * partitions is a handful of round trips. Stateless apart from its collaborators; thread-safe.
 */
final class JdbcRollbacks {
  private static final org.slf4j.Logger LOG =
      org.slf4j.LoggerFactory.getLogger(JdbcRollbacks.class);

  /** The published version a version replaced: the newest earlier one that was ever a head. */
  static final String BEFORE =
      "(SELECT p.id FROM partition_versions p WHERE p.source = %1$s.source"
          + " AND p.dataset = %1$s.dataset AND p.period = %1$s.period"
          + " AND p.state IN ('SUPERSEDED', 'PUBLISHED') AND p.version_no < %1$s.version_no"
          + " ORDER BY p.version_no DESC LIMIT 1)";

  private static final String ROLLBACKABLE = "('SUCCEEDED', 'FAILED', 'CANCELLED')";

  private final Jdbc jdbc;
  private final Dialect dialect;
  private final JdbcAuditLog audit;
  private final Clock clock;

  JdbcRollbacks(Jdbc jdbc, Dialect dialect, JdbcAuditLog audit, Clock clock) {
    this.jdbc = jdbc;
    this.dialect = dialect;
    this.audit = audit;
    this.clock = clock;
  }

  List<VersionPair> written(String operationId) {
    return jdbc.withConnection(
        "reading versions written by " + operationId,
        c -> {
          Map<Long, PartitionVersion> byId = new HashMap<>();
          List<long[]> pairs = new ArrayList<>();
          try (PreparedStatement ps =
              c.prepareStatement(
                  "SELECT a.id, "
                      + BEFORE.formatted("a")
                      + " AS before_id FROM partition_versions a WHERE a.operation_id = ?"
                      + " AND a.state NOT IN ('STAGED', 'DISCARDED')"
                      + " ORDER BY a.source, a.dataset, a.period, a.version_no")) {
            ps.setString(1, operationId);
            try (ResultSet rs = ps.executeQuery()) {
              while (rs.next()) {
                long before = rs.getLong(2);
                pairs.add(new long[] {rs.getLong(1), rs.wasNull() ? -1 : before});
              }
            }
          }
          List<Long> ids = new ArrayList<>();
          pairs.forEach(
              p -> {
                ids.add(p[0]);
                if (p[1] >= 0) {
                  ids.add(p[1]);
                }
              });
          for (int i = 0; i < ids.size(); i += 500) {
            List<Long> chunk = ids.subList(i, Math.min(ids.size(), i + 500));
            String in = String.join(",", chunk.stream().map(String::valueOf).toList());
            try (PreparedStatement ps =
                    c.prepareStatement(
                        "SELECT "
                            + Rows.VERSION_COLUMNS
                            + " FROM partition_versions WHERE id IN ("
                            + in
                            + ")");
                ResultSet rs = ps.executeQuery()) {
              while (rs.next()) {
                PartitionVersion v = Rows.version(rs);
                byId.put(v.id(), v);
              }
            }
          }
          List<VersionPair> out = new ArrayList<>(pairs.size());
          for (long[] p : pairs) {
            out.add(new VersionPair(byId.get(p[0]), p[1] < 0 ? null : byId.get(p[1])));
          }
          return out;
        });
  }

  List<String> laterOperations(String operationId) {
    return jdbc.withConnection(
        "finding operations after " + operationId, c -> later(c, operationId));
  }

  private static List<String> later(Connection c, String operationId) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT l.operation_id, MAX(l.id) AS newest FROM partition_versions v"
                + " JOIN partition_versions l ON l.source = v.source AND l.dataset = v.dataset"
                + " AND l.period = v.period AND l.version_no > v.version_no"
                + " WHERE v.operation_id = ? AND v.state IN ('PUBLISHED', 'SUPERSEDED')"
                + " AND l.state IN ('PUBLISHED', 'SUPERSEDED') AND l.operation_id <> ?"
                + " GROUP BY l.operation_id ORDER BY newest DESC")) {
      ps.setString(1, operationId);
      ps.setString(2, operationId);
      List<String> out = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(rs.getString(1));
        }
      }
      return out;
    }
  }

  RollbackResult rollback(String operationId, String rollbackId, String actor) {
    return jdbc.inTransaction(
        "rolling back " + operationId,
        c -> {
          long t0 = System.nanoTime();
          dialect.lockManyPartitions(c, headsOf(c, operationId));
          mark("lock", t0);
          String state = stateOf(c, operationId);
          if (state == null) {
            throw new AurumException.NotFound(
                "no operation " + operationId + ": list them with aurum ops list");
          }
          if (state.equals("ROLLED_BACK")) {
            throw new AurumException.IllegalStateChange(
                "operation " + operationId + " is already rolled back");
          }
          if (!ROLLBACKABLE.contains("'" + state + "'")) {
            throw new AurumException.IllegalStateChange(
                "operation "
                    + operationId
                    + " is "
                    + state
                    + ": pause or cancel it before rolling it back");
          }
          List<String> later = later(c, operationId);
          mark("later", t0);
          if (!later.isEmpty()) {
            throw new AurumException.IllegalStateChange(
                "partitions of "
                    + operationId
                    + " were changed again later by "
                    + String.join(", ", later)
                    + ": roll those back first, or add --cascade");
          }
          long now = clock.millis();
          int moves =
              update(
                  c,
                  "INSERT INTO rollback_moves (rollback_id, source, dataset, period,"
                      + " from_version_id, to_version_id) SELECT ?, h.source, h.dataset, h.period,"
                      + " h.version_id, "
                      + BEFORE.formatted("v")
                      + " FROM heads h JOIN partition_versions v ON v.id = h.version_id"
                      + " WHERE h.operation_id = ?",
                  rollbackId,
                  operationId);
          mark("moves", t0);
          // One statement for both sides: each row is written once, in one pass.
          int flipped =
              update(
                  c,
                  "UPDATE partition_versions SET state = CASE state WHEN 'PUBLISHED' THEN"
                      + " 'ROLLED_BACK' ELSE 'PUBLISHED' END WHERE id IN (SELECT from_version_id"
                      + " FROM rollback_moves WHERE rollback_id = ? UNION ALL SELECT to_version_id"
                      + " FROM rollback_moves WHERE rollback_id = ? AND to_version_id IS NOT NULL)"
                      + " AND state IN ('PUBLISHED', 'SUPERSEDED')",
                  rollbackId,
                  rollbackId);
          mark("states", t0);
          update(
              c,
              "UPDATE heads SET version_id = m.to_version_id, operation_id = p.operation_id,"
                  + " record_count = p.record_count,"
                  + " complete = COALESCE(p.complete, p.record_count > 0), updated_at = ?"
                  + " FROM rollback_moves m JOIN partition_versions p ON p.id = m.to_version_id"
                  + " WHERE m.rollback_id = ? AND heads.source = m.source"
                  + " AND heads.dataset = m.dataset AND heads.period = m.period",
              now,
              rollbackId);
          int moved = flipped - moves;
          int removed =
              update(
                  c,
                  "DELETE FROM heads WHERE operation_id = ? AND version_id IN (SELECT"
                      + " from_version_id FROM rollback_moves WHERE rollback_id = ?"
                      + " AND to_version_id IS NULL)",
                  operationId,
                  rollbackId);
          mark("heads", t0);
          if (moved + removed != moves) {
            throw new IllegalStateException(
                "rollback of "
                    + operationId
                    + " planned "
                    + moves
                    + " head moves but made "
                    + (moved + removed)
                    + " (updated two rows is a bug)");
          }
          update(
              c,
              "UPDATE operations SET state = 'ROLLED_BACK', updated_at = ? WHERE id = ?",
              now,
              operationId);
          audit.appendIn(
              c, actor, operationId, "operation.state", state + "->ROLLED_BACK: by " + rollbackId);
          int done =
              update(
                  c,
                  "UPDATE operations SET state = 'SUCCEEDED', updated_at = ? WHERE id = ?"
                      + " AND state = 'RUNNING'",
                  now,
                  rollbackId);
          if (done != 1) {
            throw new AurumException.IllegalStateChange(
                "rollback operation " + rollbackId + " is not RUNNING");
          }
          Map<String, Object> detail = new LinkedHashMap<>();
          detail.put("rolledBack", operationId);
          detail.put("headsMoved", moved);
          detail.put("headsRemoved", removed);
          String json = SpecJson.object(detail);
          audit.appendIn(c, actor, rollbackId, "rollback.applied", json);
          audit.appendIn(c, actor, rollbackId, "operation.state", "RUNNING->SUCCEEDED");
          update(
              c,
              "INSERT INTO outbox (at, topic, payload) VALUES (?, ?, ?)",
              now,
              GroupCommit.OUTBOX_TOPIC,
              json);
          return new RollbackResult(moved, removed);
        });
  }

  private static void mark(String step, long t0) {
    if (LOG.isDebugEnabled()) {
      LOG.debug("rollback: {} after {} ms", step, (System.nanoTime() - t0) / 1_000_000);
    }
  }

  private static List<PartitionKey> headsOf(Connection c, String operationId) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement("SELECT source, dataset, period FROM heads WHERE operation_id = ?")) {
      ps.setString(1, operationId);
      List<PartitionKey> out = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(
              new PartitionKey(
                  SourceId.valueOf(rs.getString(1)),
                  rs.getString(2),
                  LocalDate.parse(rs.getString(3))));
        }
      }
      return out;
    }
  }

  private static String stateOf(Connection c, String operationId) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT state FROM operations WHERE id = ?")) {
      ps.setString(1, operationId);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? rs.getString(1) : null;
      }
    }
  }

  private static int update(Connection c, String sql, Object... args) throws SQLException {
    return JdbcOperationRepository.update(c, sql, args);
  }
}
