package io.aurum.store;

import io.aurum.core.model.PartitionKey;
import io.aurum.core.port.PublishRequest;
import io.aurum.core.port.PublishResult;
import io.aurum.store.dialect.Dialect;
import io.aurum.store.jdbc.Binds;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The write–audit–publish step of DESIGN §2 for a batch of tasks, in the caller's transaction: per
 * request, the head compare-and-set, the version's rows and state, the superseded head, the head
 * row, the task's final state with counters, an audit entry and an outbox row. Stateless apart from
 * its collaborators; thread-safe.
 */
final class GroupCommit {
  static final String OUTBOX_TOPIC = "aurum.versions";

  private final Dialect dialect;
  private final JdbcAuditLog audit;
  private final Clock clock;

  GroupCommit(Dialect dialect, JdbcAuditLog audit, Clock clock) {
    this.dialect = dialect;
    this.audit = audit;
    this.clock = clock;
  }

  List<PublishResult> run(Connection c, List<PublishRequest> requests) throws SQLException {
    dialect.lockPartitions(c, requests.stream().map(PublishRequest::partition).toList());
    List<PublishResult> results = new ArrayList<>(requests.size());
    // Rows of every request go in with one COPY (or one batch) at the end: per-version round
    // trips dominate small versions. Nothing reads them back within the transaction.
    List<Dialect.VersionRows> pending = new ArrayList<>();
    for (PublishRequest r : requests) {
      results.add(one(c, r, pending));
    }
    dialect.insertObservations(c, pending);
    return results;
  }

  private PublishResult one(Connection c, PublishRequest r, List<Dialect.VersionRows> pending)
      throws SQLException {
    long now = clock.millis();
    Long head = VersionSql.headVersionId(c, r.partition());
    if (!r.quarantine() && !Objects.equals(head, r.expectedHeadVersionId())) {
      return new PublishResult.Conflict(r.taskId(), head);
    }
    long versionId;
    if (r.stagedVersionId() == null) {
      versionId =
          VersionSql.insertVersion(
              c, r.partition(), r.operationId(), r.taskId(), r.schemaVersion(), now);
    } else {
      versionId = r.stagedVersionId();
    }
    if (r.rows() != null && !r.rows().isEmpty()) {
      pending.add(new Dialect.VersionRows(versionId, r.rows()));
    }
    String state = r.quarantine() ? "QUARANTINED" : "PUBLISHED";
    int versionNo = finishVersion(c, r, versionId, state, now);
    Long superseded = null;
    if (!r.quarantine()) {
      if (head != null) {
        Binds.expectOne(
            JdbcOperationRepository.update(
                c,
                "UPDATE partition_versions SET state = 'SUPERSEDED' WHERE id = ?"
                    + " AND state = 'PUBLISHED'",
                head),
            "superseding version " + head);
        superseded = head;
      }
      upsertHead(c, r, versionId, head, now);
    }
    finishTask(c, r, versionId, now);
    Map<String, Object> detail = new LinkedHashMap<>();
    detail.put("partition", r.partition().toString());
    detail.put("versionId", versionId);
    detail.put("versionNo", versionNo);
    detail.put("checksum", r.checksum());
    detail.put("records", r.recordCount());
    detail.put("qualityScore", r.qualityScore());
    if (superseded != null) {
      detail.put("superseded", superseded);
    }
    if (r.quarantine()) {
      detail.put("reason", r.quarantineReason());
    }
    String json = SpecJson.object(detail);
    audit.appendIn(
        c,
        "engine",
        r.operationId(),
        r.quarantine() ? "version.quarantined" : "version.published",
        json);
    outbox(c, json, now);
    return r.quarantine()
        ? new PublishResult.Quarantined(r.taskId(), versionId)
        : new PublishResult.Published(r.taskId(), versionId, versionNo, superseded);
  }

  private static int finishVersion(
      Connection c, PublishRequest r, long versionId, String state, long now) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "UPDATE partition_versions SET state = ?, record_count = ?, checksum = ?,"
                + " schema_version = COALESCE(?, schema_version), quality_score = ?,"
                + " published_at = ?, complete = ? WHERE id = ? AND state = 'STAGED'"
                + " RETURNING version_no")) {
      ps.setString(1, state);
      ps.setLong(2, r.recordCount());
      ps.setString(3, r.checksum());
      ps.setString(4, r.schemaVersion());
      ps.setDouble(5, r.qualityScore());
      ps.setLong(6, now);
      ps.setBoolean(7, r.complete());
      ps.setLong(8, versionId);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          throw new IllegalStateException(
              "version "
                  + versionId
                  + " is not STAGED (updated 0 rows: updated two rows is a bug)");
        }
        return rs.getInt(1);
      }
    }
  }

  private static void upsertHead(
      Connection c, PublishRequest r, long versionId, Long previous, long now) throws SQLException {
    PartitionKey k = r.partition();
    if (previous == null) {
      Binds.expectOne(
          JdbcOperationRepository.update(
              c,
              "INSERT INTO heads (source, dataset, period, version_id, operation_id, record_count,"
                  + " complete, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
              k.source().name(),
              k.dataset(),
              k.period().toString(),
              versionId,
              r.operationId(),
              r.recordCount(),
              r.complete(),
              now),
          "head insert");
    } else {
      Binds.expectOne(
          JdbcOperationRepository.update(
              c,
              "UPDATE heads SET version_id = ?, operation_id = ?, record_count = ?, complete = ?,"
                  + " updated_at = ? WHERE source = ? AND dataset = ? AND period = ?"
                  + " AND version_id = ?",
              versionId,
              r.operationId(),
              r.recordCount(),
              r.complete(),
              now,
              k.source().name(),
              k.dataset(),
              k.period().toString(),
              previous),
          "head compare-and-set");
    }
  }

  private static void finishTask(Connection c, PublishRequest r, long versionId, long now)
      throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "UPDATE tasks SET state = ?, version_id = ?, last_error = ?, lease_owner = NULL,"
                + " lease_until = NULL, updated_at = ?, "
                + JdbcTaskRepository.ADD_COUNTERS
                + " WHERE id = ? AND state = 'RUNNING'")) {
      ps.setString(1, r.quarantine() ? "FAILED" : "SUCCEEDED");
      ps.setLong(2, versionId);
      ps.setString(3, r.quarantine() ? r.quarantineReason() : null);
      ps.setLong(4, now);
      JdbcTaskRepository.bindCounters(ps, 5, r.counters());
      ps.setLong(10, r.taskId());
      Binds.expectOne(ps.executeUpdate(), "publishing task " + r.taskId());
    }
  }

  private static void outbox(Connection c, String payload, long now) throws SQLException {
    JdbcOperationRepository.update(
        c, "INSERT INTO outbox (at, topic, payload) VALUES (?, ?, ?)", now, OUTBOX_TOPIC, payload);
  }
}
