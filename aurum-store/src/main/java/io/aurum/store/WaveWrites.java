package io.aurum.store;

import io.aurum.core.model.PartitionKey;
import io.aurum.core.port.PublishRequest;
import io.aurum.core.port.PublishResult;
import io.aurum.core.publish.PublishDecision.Decision;
import io.aurum.store.GroupCommit.Group;
import io.aurum.store.jdbc.Binds;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The SQL of {@link GroupCommit}'s general path: reads a group's heads and version numbers, then
 * writes each wave's versions, heads and tasks as batches. Stateless; thread-safe.
 */
final class WaveWrites {
  private WaveWrites() {}

  /** Most values in one IN list or multi-row INSERT: well under SQLite's variable limit. */
  private static final int CHUNK = 100;

  private static final String SUPERSEDE =
      "UPDATE partition_versions SET state = 'SUPERSEDED' WHERE id = ? AND state = 'PUBLISHED'";
  private static final String FINISH_STAGED =
      "UPDATE partition_versions SET state = ?, record_count = ?, checksum = ?,"
          + " schema_version = COALESCE(?, schema_version), quality_score = ?,"
          + " published_at = ?, complete = ? WHERE id = ? AND state = 'STAGED'"
          + " RETURNING version_no, attributes_digest";
  private static final String INSERT_HEAD =
      "INSERT INTO heads (source, dataset, period, version_id, operation_id, record_count,"
          + " complete, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)";
  private static final String MOVE_HEAD =
      "UPDATE heads SET version_id = ?, operation_id = ?, record_count = ?, complete = ?,"
          + " updated_at = ? WHERE source = ? AND dataset = ? AND period = ? AND version_id = ?";
  private static final String FINISH_TASK =
      "UPDATE tasks SET state = ?, version_id = ?, last_error = ?, lease_owner = NULL,"
          + " lease_until = NULL, updated_at = ?, "
          + TaskMoves.ADD_COUNTERS
          + " WHERE id = ? AND state = 'RUNNING' AND lease_owner = ?";

  /**
   * Heads and highest version numbers of the partitions: one query per (source, dataset) and {@link
   * #CHUNK} partitions.
   */
  static void readHeadsAndNumbers(Statements st, List<PartitionKey> keys, Group g)
      throws SQLException {
    Map<String, List<PartitionKey>> bySeries = new LinkedHashMap<>();
    for (PartitionKey k : keys) {
      bySeries
          .computeIfAbsent(k.source().name() + '\u0000' + k.dataset(), x -> new ArrayList<>())
          .add(k);
    }
    for (List<PartitionKey> same : bySeries.values()) {
      for (int from = 0; from < same.size(); from += CHUNK) {
        List<PartitionKey> chunk = same.subList(from, Math.min(same.size(), from + CHUNK));
        PartitionKey first = chunk.get(0);
        Map<String, PartitionKey> byPeriod = new HashMap<>();
        PreparedStatement ps = st.get(HEADS_SQL.of(chunk.size()));
        ps.setString(1, first.source().name());
        ps.setString(2, first.dataset());
        ps.setString(3, first.source().name());
        ps.setString(4, first.dataset());
        for (int j = 0; j < chunk.size(); j++) {
          String period = chunk.get(j).period().toString();
          byPeriod.put(period, chunk.get(j));
          ps.setString(5 + j, period);
        }
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            PartitionKey k = byPeriod.get(rs.getString(1));
            long head = rs.getLong(2);
            if (!rs.wasNull()) {
              g.heads.put(k, head);
            }
            int no = rs.getInt(3);
            if (!rs.wasNull()) {
              g.lastVersionNo.put(k, no);
            }
          }
        }
      }
    }
  }

  /**
   * Requests on distinct partitions: decided against the current heads, then written in batches.
   */
  static void writeWave(Statements st, Group g, List<Integer> wave) throws SQLException {
    List<Integer> accepted = new ArrayList<>();
    for (int i : wave) {
      PublishRequest r = g.requests.get(i);
      Decision d = PublishOutcomes.decide(r, g.heads.get(r.partition()));
      PublishResult.Conflict conflict = PublishOutcomes.conflict(r, d);
      if (conflict != null) {
        // A conflicting request writes nothing and leaves the others alone.
        g.results[i] = conflict;
        continue;
      }
      g.decisions[i] = d;
      accepted.add(i);
    }
    if (accepted.isEmpty()) {
      return;
    }
    Map<Integer, Long> versionId = new HashMap<>();
    Map<Integer, Integer> versionNo = new HashMap<>();
    insertNewVersions(st, g, accepted, versionId, versionNo);
    finishStagedVersions(st, g, accepted, versionId, versionNo);

    PreparedStatement supersede = st.get(SUPERSEDE);
    PreparedStatement insertHead = st.get(INSERT_HEAD);
    PreparedStatement moveHead = st.get(MOVE_HEAD);
    PreparedStatement finishTask = st.get(FINISH_TASK);
    List<Long> superseded = new ArrayList<>();
    int inserts = 0;
    List<PartitionKey> moved = new ArrayList<>();
    for (int i : accepted) {
      PublishRequest r = g.requests.get(i);
      long id = versionId.get(i);
      if (g.decisions[i] instanceof Decision.Publish p) {
        Long head = p.replaces();
        PartitionKey k = r.partition();
        if (head == null) {
          VersionSql.bindKey(insertHead, 1, k);
          insertHead.setLong(4, id);
          insertHead.setString(5, r.operationId());
          insertHead.setLong(6, r.recordCount());
          insertHead.setBoolean(7, r.complete());
          insertHead.setLong(8, g.now);
          insertHead.addBatch();
          inserts++;
        } else {
          supersede.setLong(1, head);
          supersede.addBatch();
          superseded.add(head);
          moveHead.setLong(1, id);
          moveHead.setString(2, r.operationId());
          moveHead.setLong(3, r.recordCount());
          moveHead.setBoolean(4, r.complete());
          moveHead.setLong(5, g.now);
          VersionSql.bindKey(moveHead, 6, k);
          moveHead.setLong(9, head);
          moveHead.addBatch();
          moved.add(k);
        }
        g.heads.put(k, id);
      }
      finishTask.setString(1, g.held(i) ? "FAILED" : "SUCCEEDED");
      finishTask.setLong(2, id);
      finishTask.setString(3, g.held(i) ? r.quarantineReason() : null);
      finishTask.setLong(4, g.now);
      TaskMoves.bindCounters(finishTask, 5, r.counters());
      finishTask.setLong(10, r.taskId());
      // The fence, compared again where the task moves (the group read it under its locks).
      finishTask.setString(11, r.leaseOwner());
      finishTask.addBatch();
      PublishOutcomes.addRows(g.rows, id, r);
      g.auditDetail[i] = PublishOutcomes.detail(r, g.decisions[i], id, versionNo.get(i));
      g.results[i] = PublishOutcomes.result(r, g.decisions[i], id, versionNo.get(i));
    }
    if (!superseded.isEmpty()) {
      expectEachOne(
          supersede.executeBatch(), false, i -> "superseding version " + superseded.get(i));
      expectEachOne(moveHead.executeBatch(), false, i -> "head compare-and-set of " + moved.get(i));
    }
    if (inserts > 0) {
      expectEachOne(insertHead.executeBatch(), true, i -> "head insert");
    }
    expectEachOne(
        finishTask.executeBatch(),
        false,
        i -> "publishing task " + g.requests.get(accepted.get(i)).taskId());
  }

  /** New versions go in already final (PUBLISHED or QUARANTINED), numbered max + 1. */
  private static void insertNewVersions(
      Statements st,
      Group g,
      List<Integer> accepted,
      Map<Integer, Long> versionId,
      Map<Integer, Integer> versionNo)
      throws SQLException {
    List<Integer> fresh =
        accepted.stream().filter(i -> g.requests.get(i).stagedVersionId() == null).toList();
    for (int from = 0; from < fresh.size(); from += CHUNK) {
      List<Integer> chunk = fresh.subList(from, Math.min(fresh.size(), from + CHUNK));
      PreparedStatement ps = st.get(INSERT_VERSIONS_SQL.of(chunk.size()));
      Map<Long, Integer> byTask = new HashMap<>();
      int p = 1;
      for (int i : chunk) {
        PublishRequest r = g.requests.get(i);
        int no = g.lastVersionNo.merge(r.partition(), 1, Integer::sum);
        versionNo.put(i, no);
        byTask.put(r.taskId(), i);
        VersionSql.bindKey(ps, p, r.partition());
        ps.setInt(p + 3, no);
        ps.setString(p + 4, r.operationId());
        ps.setLong(p + 5, r.taskId());
        ps.setString(p + 6, g.held(i) ? "QUARANTINED" : "PUBLISHED");
        ps.setLong(p + 7, r.recordCount());
        ps.setString(p + 8, r.checksum());
        ps.setString(p + 9, r.schemaVersion());
        ps.setDouble(p + 10, r.qualityScore());
        ps.setLong(p + 11, g.now);
        ps.setLong(p + 12, g.now);
        ps.setBoolean(p + 13, r.complete());
        ps.setString(p + 14, PublishRecords.attributesDigest(r));
        p += 15;
      }
      // Within a wave each partition appears once, and so does each task.
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          versionId.put(byTask.get(rs.getLong(2)), rs.getLong(1));
        }
      }
      if (byTask.size() != chunk.size()) {
        throw new IllegalStateException("two requests of one group publish the same task");
      }
    }
  }

  private static void finishStagedVersions(
      Statements st,
      Group g,
      List<Integer> accepted,
      Map<Integer, Long> versionId,
      Map<Integer, Integer> versionNo)
      throws SQLException {
    Map<Long, String> staged = new HashMap<>();
    for (int i : accepted) {
      PublishRequest r = g.requests.get(i);
      if (r.stagedVersionId() == null) {
        continue;
      }
      long id = r.stagedVersionId();
      PreparedStatement ps = st.get(FINISH_STAGED);
      ps.setString(1, g.held(i) ? "QUARANTINED" : "PUBLISHED");
      ps.setLong(2, r.recordCount());
      ps.setString(3, r.checksum());
      ps.setString(4, r.schemaVersion());
      ps.setDouble(5, r.qualityScore());
      ps.setLong(6, g.now);
      // The version remembers its coverage flag, so a rollback can restore it on the head.
      ps.setBoolean(7, r.complete());
      ps.setLong(8, id);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          throw new IllegalStateException(
              "version " + id + " is not STAGED (updated 0 rows: updated two rows is a bug)");
        }
        versionId.put(i, id);
        versionNo.put(i, rs.getInt(1));
        staged.put(id, rs.getString(2));
      }
    }
    // The last batch's attributes join what staging recorded (rare: large versions only).
    for (int i : accepted) {
      PublishRequest r = g.requests.get(i);
      if (r.stagedVersionId() != null) {
        long id = r.stagedVersionId();
        PublishRecords.addStagedAttributes(
            st.get(VersionSql.SET_ATTRIBUTES), id, staged.get(id), r);
      }
    }
  }

  /**
   * One round trip for both: the head of each of n partitions of one (source, dataset) and its
   * highest version number, which new versions of this group continue from. Scalar subqueries with
   * equality on the whole key use the key indexes even on fresh tables without statistics (an IN
   * list there was planned as a scan of the dataset's index range). Parameters: source, dataset,
   * source, dataset, then the periods.
   */
  private static final SqlBySize HEADS_SQL =
      new SqlBySize(
          "SELECT p.column1, (SELECT version_id FROM heads WHERE source = ? AND dataset = ?"
              + " AND period = p.column1), (SELECT MAX(version_no) FROM partition_versions"
              + " WHERE source = ? AND dataset = ? AND period = p.column1) FROM (VALUES ",
          "(?)",
          ") AS p");

  /** A multi-row INSERT of n versions, returning their ids and task ids. */
  private static final SqlBySize INSERT_VERSIONS_SQL =
      new SqlBySize(
          "INSERT INTO partition_versions (source, dataset, period, version_no, operation_id,"
              + " task_id, state, record_count, checksum, schema_version, quality_score,"
              + " created_at, published_at, complete, attributes_digest) VALUES ",
          "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
          " RETURNING id, task_id");

  /**
   * A statement whose text repeats one part n times (1 ≤ n ≤ {@link #CHUNK}), built on first use
   * and kept: a group commit runs one or two of each. Strings are immutable, so a racing thread at
   * worst builds the same text again.
   */
  private static final class SqlBySize {
    private final String[] bySize = new String[CHUNK + 1];
    private final String head;
    private final String each;
    private final String tail;

    SqlBySize(String head, String each, String tail) {
      this.head = head;
      this.each = each;
      this.tail = tail;
    }

    String of(int n) {
      String sql = bySize[n];
      if (sql == null) {
        StringBuilder b = new StringBuilder(head);
        for (int j = 0; j < n; j++) {
          b.append(j == 0 ? "" : ", ").append(each);
        }
        sql = b.append(tail).toString();
        bySize[n] = sql;
      }
      return sql;
    }
  }

  /**
   * Each statement of a batch must have changed exactly one row. PostgreSQL reports rewritten
   * multi-row inserts as {@code SUCCESS_NO_INFO}; a failed insert throws instead.
   */
  private static void expectEachOne(
      int[] counts, boolean insert, java.util.function.IntFunction<String> what) {
    for (int i = 0; i < counts.length; i++) {
      if (!(insert && counts[i] == Statement.SUCCESS_NO_INFO)) {
        Binds.expectOne(counts[i], what.apply(i));
      }
    }
  }
}
