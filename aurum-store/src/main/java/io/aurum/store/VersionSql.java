package io.aurum.store;

import io.aurum.core.model.AttributeDigest;
import io.aurum.core.model.Observation;
import io.aurum.core.model.PartitionKey;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;

/** Version-table statements shared by staging and publishing, in the caller's transaction. */
final class VersionSql {
  private VersionSql() {}

  static Long headVersionId(Connection c, PartitionKey k) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT version_id FROM heads WHERE source = ? AND dataset = ? AND period = ?")) {
      bindKey(ps, 1, k);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? rs.getLong(1) : null;
      }
    }
  }

  /**
   * Inserts a STAGED version numbered max + 1 within its partition. The caller holds the partition
   * lock (PostgreSQL) or the write lock (SQLite), so numbers never collide.
   */
  static long insertVersion(
      Connection c, PartitionKey k, String operationId, long taskId, String schemaVersion, long now)
      throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "INSERT INTO partition_versions (source, dataset, period, version_no, operation_id,"
                + " task_id, state, record_count, schema_version, created_at, attributes_digest)"
                + " SELECT ?, ?, ?, COALESCE(MAX(version_no), 0) + 1, ?, ?, 'STAGED', 0, ?, ?, '"
                + AttributeDigest.EMPTY
                + "'"
                + " FROM partition_versions WHERE source = ? AND dataset = ? AND period = ?"
                + " RETURNING id")) {
      bindKey(ps, 1, k);
      ps.setString(4, operationId);
      ps.setLong(5, taskId);
      ps.setString(6, schemaVersion);
      ps.setLong(7, now);
      bindKey(ps, 8, k);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }

  static final String SET_ATTRIBUTES =
      "UPDATE partition_versions SET attributes_digest = ? WHERE id = ?";

  /**
   * The digest of a version whose digest was {@code recorded} once {@code rows} are added to it, or
   * null when there is nothing to write: the rows have no attributes, or the version predates
   * digests (null: it stays uncovered).
   */
  static String attributesAfter(String recorded, List<Observation> rows) {
    if (recorded == null || rows == null || rows.isEmpty()) {
      return null;
    }
    AttributeDigest part = new AttributeDigest();
    part.addAll(rows);
    return part.isEmpty() ? null : part.plus(recorded);
  }

  /** {@link #attributesAfter}, written when there is something to write. */
  static void addAttributes(
      PreparedStatement set, long versionId, String recorded, List<Observation> rows)
      throws SQLException {
    String after = attributesAfter(recorded, rows);
    if (after != null) {
      set.setString(1, after);
      set.setLong(2, versionId);
      set.executeUpdate();
    }
  }

  static void bindKey(PreparedStatement ps, int first, PartitionKey k) throws SQLException {
    ps.setString(first, k.source().name());
    ps.setString(first + 1, k.dataset());
    ps.setString(first + 2, k.period().toString());
  }
}
