package io.aurum.store;

import io.aurum.core.error.AurumException;
import io.aurum.core.model.OperationState;
import io.aurum.core.model.OperationType;
import io.aurum.core.model.PartitionKey;
import io.aurum.core.model.PartitionVersion;
import io.aurum.core.model.SourceId;
import io.aurum.core.port.VersionRepository.RollbackResult;
import io.aurum.core.port.VersionRepository.VersionPair;
import io.aurum.core.publish.PublishDecision;
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
          dialect.lockPartitions(c, headsOf(c, operationId));
          mark("lock", t0);
          String[] found = stateOf(c, operationId);
          String state = found == null ? null : found[0];
          // Asked again under the locks: the service's check may be stale by now. Whatever is
          // refused first is refused without the queries after it.
          AurumException refusal =
              found == null
                  ? PublishDecision.rollbackRefusal(operationId, null, null, List.of(), false, null)
                  : PublishDecision.rollbackRefusal(
                      operationId,
                      OperationState.valueOf(state),
                      OperationType.valueOf(found[1]),
                      List.of(),
                      false,
                      null);
          if (refusal == null) {
            List<String> later = later(c, operationId);
            mark("later", t0);
            refusal =
                PublishDecision.rollbackRefusal(
                    operationId,
                    OperationState.valueOf(state),
                    OperationType.valueOf(found[1]),
                    later,
                    false,
                    later.isEmpty() ? purgedBefore(c, operationId) : null);
          }
          if (refusal != null) {
            throw refusal;
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
          // The row carries the rolled-back operation's source (its CLI name, as partitions name
          // it), so that --isolate-kafka holds it with the publishes it takes back.
          update(
              c,
              "INSERT INTO outbox (at, topic, payload, source) SELECT ?, ?, ?, LOWER(source)"
                  + " FROM operations WHERE id = ?",
              now,
              GroupCommit.OUTBOX_TOPIC,
              json,
              operationId);
          return new RollbackResult(moved, removed);
        });
  }

  /** The partition rollback of an emergency recovery ({@link JdbcPartitionRollbacks}). */
  RollbackResult rollbackPartitions(
      List<io.aurum.core.port.VersionRepository.PartitionMove> moves,
      String rollbackId,
      String actor) {
    return new JdbcPartitionRollbacks(jdbc, dialect, audit, clock)
        .rollback(moves, rollbackId, actor);
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

  /** The operation's state and type, or null when there is no such operation. */
  private static String[] stateOf(Connection c, String operationId) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement("SELECT state, type FROM operations WHERE id = ?")) {
      ps.setString(1, operationId);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? new String[] {rs.getString(1), rs.getString(2)} : null;
      }
    }
  }

  /**
   * A partition among the heads the operation set whose previous published version is gone (purged
   * by retention): version numbers between the head and the version it replaced are missing.
   */
  private static String purgedBefore(Connection c, String operationId) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT h.source, h.dataset, h.period FROM heads h JOIN partition_versions v"
                + " ON v.id = h.version_id WHERE h.operation_id = ? AND EXISTS (SELECT 1"
                + " FROM purged_versions g WHERE g.source = v.source AND g.dataset = v.dataset"
                + " AND g.period = v.period AND g.version_no < v.version_no"
                + " AND g.version_no > COALESCE((SELECT MAX(b.version_no)"
                + " FROM partition_versions b WHERE b.source = v.source"
                + " AND b.dataset = v.dataset AND b.period = v.period"
                + " AND b.state IN ('SUPERSEDED', 'PUBLISHED')"
                + " AND b.version_no < v.version_no), 0))")) {
      ps.setString(1, operationId);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next()
            ? SourceId.valueOf(rs.getString(1)).cliName()
                + "/"
                + rs.getString(2)
                + "/"
                + rs.getString(3)
            : null;
      }
    }
  }

  // ---- conflict resolution and retention ----------------------------------------------------

  /**
   * Makes a copy of a QUARANTINED or STAGED candidate the head of its partition, numbered after
   * every existing version (so lineage stays ordered and the candidate's operation can be rolled
   * back), if the head is still {@code expectedHead}; the candidate becomes DISCARDED.
   */
  long promote(
      long candidateId,
      Long expectedHead,
      String checksum,
      long records,
      String actor,
      String detail) {
    return jdbc.inTransaction(
        "promoting version " + candidateId,
        c -> {
          PartitionVersion cand = versionIn(c, candidateId);
          dialect.lockPartitions(c, List.of(cand.partition()));
          cand = versionIn(c, candidateId);
          boolean superseded = cand.state() == io.aurum.core.model.VersionState.SUPERSEDED;
          if (!superseded) {
            requireCandidate(cand);
          }
          Long head = VersionSql.headVersionId(c, cand.partition());
          // The resolution decided against expectedHead: under the lock, it still holds only if
          // the head did not move since (the same compare-and-set as a group commit's).
          PublishDecision.Decision d =
              PublishDecision.decide(
                  PublishDecision.Candidate.fresh(
                      expectedHead, cand.qualityScore(), checksum, PublishDecision.Quality.NONE),
                  PublishDecision.Current.of(head),
                  null);
          if (d instanceof PublishDecision.Decision.HeadMoved) {
            throw new AurumException.IllegalStateChange(
                "the head of "
                    + cand.partition()
                    + " is version id "
                    + head
                    + ", not "
                    + expectedHead
                    + " as when the conflict was detected: run aurum conflicts detect again");
          }
          long now = clock.millis();
          long id;
          try (PreparedStatement ps =
              c.prepareStatement(
                  "INSERT INTO partition_versions (source, dataset, period, version_no,"
                      + " operation_id, task_id, state, record_count, checksum, schema_version,"
                      + " quality_score, created_at, published_at, complete, attributes_digest)"
                      + " SELECT x.source, x.dataset, x.period, (SELECT MAX(p.version_no) + 1"
                      + " FROM partition_versions p WHERE p.source = x.source"
                      + " AND p.dataset = x.dataset AND p.period = x.period), x.operation_id,"
                      + " x.task_id, 'PUBLISHED', ?, ?, x.schema_version, x.quality_score, ?, ?,"
                      // The copy holds the candidate's rows: their attributes digest too.
                      + " COALESCE(x.complete, ?), x.attributes_digest FROM partition_versions x"
                      + " WHERE x.id = ?"
                      + " RETURNING id")) {
            ps.setLong(1, records);
            ps.setString(2, checksum);
            ps.setLong(3, now);
            ps.setLong(4, now);
            ps.setBoolean(5, records > 0);
            ps.setLong(6, candidateId);
            try (ResultSet rs = ps.executeQuery()) {
              rs.next();
              id = rs.getLong(1);
            }
          }
          update(
              c,
              "INSERT INTO observations (version_id, series_id, period, value, unit, attributes)"
                  + " SELECT ?, series_id, period, value, unit, attributes FROM observations"
                  + " WHERE version_id = ?",
              id,
              candidateId);
          if (!superseded) {
            discardIn(c, candidateId);
          }
          PartitionKey k = cand.partition();
          if (head != null) {
            update(
                c,
                "UPDATE partition_versions SET state = 'SUPERSEDED' WHERE id = ?"
                    + " AND state = 'PUBLISHED'",
                head);
            update(
                c,
                "UPDATE heads SET version_id = ?, operation_id = ?, record_count = ?,"
                    + " complete = (SELECT complete FROM partition_versions WHERE id = ?),"
                    + " updated_at = ? WHERE source = ? AND dataset = ? AND period = ?"
                    + " AND version_id = ?",
                id,
                cand.operationId(),
                records,
                id,
                now,
                k.source().name(),
                k.dataset(),
                k.period().toString(),
                head);
          } else {
            update(
                c,
                "INSERT INTO heads (source, dataset, period, version_id, operation_id,"
                    + " record_count, complete, updated_at) SELECT source, dataset, period, id,"
                    + " operation_id, record_count, complete, ? FROM partition_versions"
                    + " WHERE id = ?",
                now,
                id);
          }
          audit.appendIn(c, actor, cand.operationId(), "conflict.resolved", detail);
          update(
              c,
              "INSERT INTO outbox (at, topic, payload) VALUES (?, ?, ?)",
              now,
              GroupCommit.OUTBOX_TOPIC,
              detail);
          return id;
        });
  }

  /** A QUARANTINED or STAGED candidate becomes DISCARDED (its rows go); the head stays. */
  void discard(long versionId, String actor, String detail) {
    jdbc.inTransaction(
        "discarding version " + versionId,
        c -> {
          PartitionVersion cand = versionIn(c, versionId);
          requireCandidate(cand);
          discardIn(c, versionId);
          audit.appendIn(c, actor, cand.operationId(), "conflict.resolved", detail);
          return null;
        });
  }

  /**
   * Retention: deletes (rows and version) every SUPERSEDED version that was superseded before
   * {@code cutoff} — the next published version of its partition was published before it — and that
   * is not the newest superseded version of its partition (the one a rollback of the head's
   * operation restores). Heads, quarantined and rolled-back versions are never touched. Returns the
   * number of versions deleted; each is remembered in {@code purged_versions}.
   */
  int purgeSuperseded(long cutoff, String actor) {
    return jdbc.inTransaction(
        "purging superseded versions",
        c -> {
          String pick =
              "SELECT s.id FROM partition_versions s WHERE s.state = 'SUPERSEDED'"
                  + " AND NOT EXISTS (SELECT 1 FROM heads h WHERE h.version_id = s.id)"
                  + " AND EXISTS (SELECT 1 FROM partition_versions n WHERE n.source = s.source"
                  + " AND n.dataset = s.dataset AND n.period = s.period"
                  + " AND n.version_no > s.version_no AND n.state = 'SUPERSEDED')"
                  + " AND (SELECT MIN(n.published_at) FROM partition_versions n"
                  + " WHERE n.source = s.source AND n.dataset = s.dataset"
                  + " AND n.period = s.period AND n.version_no > s.version_no"
                  + " AND n.state IN ('PUBLISHED', 'SUPERSEDED', 'ROLLED_BACK')) < ?";
          List<Long> ids = new ArrayList<>();
          try (PreparedStatement ps = c.prepareStatement(pick)) {
            ps.setLong(1, cutoff);
            try (ResultSet rs = ps.executeQuery()) {
              while (rs.next()) {
                ids.add(rs.getLong(1));
              }
            }
          }
          for (int i = 0; i < ids.size(); i += 500) {
            String in =
                String.join(
                    ",",
                    ids.subList(i, Math.min(ids.size(), i + 500)).stream()
                        .map(String::valueOf)
                        .toList());
            update(
                c,
                "INSERT INTO purged_versions (source, dataset, period, version_no, version_id)"
                    + " SELECT source, dataset, period, version_no, id FROM partition_versions"
                    + " WHERE id IN ("
                    + in
                    + ")");
            update(c, "DELETE FROM observations WHERE version_id IN (" + in + ")");
            update(c, "DELETE FROM partition_versions WHERE id IN (" + in + ")");
          }
          audit.appendIn(
              c,
              actor,
              null,
              "retention.purged",
              "{\"superseded_versions\":" + ids.size() + ",\"cutoff_ms\":" + cutoff + "}");
          return ids.size();
        });
  }

  private static void requireCandidate(PartitionVersion v) {
    if (v.state() != io.aurum.core.model.VersionState.QUARANTINED
        && v.state() != io.aurum.core.model.VersionState.STAGED) {
      throw new AurumException.IllegalStateChange(
          "version id "
              + v.id()
              + " of "
              + v.partition()
              + " is "
              + v.state()
              + ": only a QUARANTINED or STAGED candidate can be resolved");
    }
  }

  private static void discardIn(Connection c, long versionId) throws SQLException {
    update(c, "DELETE FROM observations WHERE version_id = ?", versionId);
    update(
        c,
        "UPDATE partition_versions SET state = 'DISCARDED' WHERE id = ?"
            + " AND state IN ('QUARANTINED', 'STAGED')",
        versionId);
  }

  private static PartitionVersion versionIn(Connection c, long id) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT " + Rows.VERSION_COLUMNS + " FROM partition_versions WHERE id = ?")) {
      ps.setLong(1, id);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          throw new AurumException.NotFound("no version id " + id);
        }
        return Rows.version(rs);
      }
    }
  }

  private static int update(Connection c, String sql, Object... args) throws SQLException {
    return JdbcOperationRepository.update(c, sql, args);
  }
}
