package io.aurum.store.dialect;

import io.aurum.core.model.Observation;
import io.aurum.core.model.PartitionKey;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * SQLite: one writer at a time. Every write transaction is {@code BEGIN IMMEDIATE}, so a
 * select-then-update is safe without row locks; the state check in the UPDATE is the belt to those
 * braces.
 */
public final class SqliteDialect implements Dialect {
  private static final int BATCH = 10_000;

  @Override
  public String name() {
    return "sqlite";
  }

  @Override
  public boolean supportsSkipLocked() {
    return false;
  }

  @Override
  public boolean singleWriter() {
    return true;
  }

  @Override
  public boolean supportsCopy() {
    return false;
  }

  @Override
  public boolean streamingNeedsTransaction() {
    return false;
  }

  @Override
  public List<Long> claim(
      Connection c, String operationId, String owner, int max, Instant now, Instant leaseUntil)
      throws SQLException {
    List<Long> due = new ArrayList<>();
    try (PreparedStatement ps =
        c.prepareStatement("SELECT id FROM tasks WHERE " + TaskSql.DUE_PENDING)) {
      ps.setString(1, operationId);
      ps.setLong(2, now.toEpochMilli());
      ps.setInt(3, max);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          due.add(rs.getLong(1));
        }
      }
    }
    List<Long> claimed = new ArrayList<>(due.size());
    try (PreparedStatement ps =
        c.prepareStatement(
            "UPDATE tasks SET " + TaskSql.SET_RUNNING + " WHERE id = ? AND state = 'PENDING'")) {
      for (long id : due) {
        ps.setString(1, owner);
        ps.setLong(2, leaseUntil.toEpochMilli());
        ps.setLong(3, now.toEpochMilli());
        ps.setLong(4, id);
        if (ps.executeUpdate() == 1) {
          claimed.add(id);
        }
      }
    }
    return claimed;
  }

  @Override
  public void insertObservations(Connection c, List<VersionRows> batches) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "INSERT INTO observations (version_id, series_id, period, value, unit, attributes)"
                + " VALUES (?, ?, ?, ?, ?, ?)")) {
      int n = 0;
      for (VersionRows batch : batches) {
        long versionId = batch.versionId();
        for (Observation o : batch.rows()) {
          ps.setLong(1, versionId);
          ps.setString(2, o.seriesId());
          ps.setLong(3, o.period().getEpochSecond());
          ps.setDouble(4, o.value());
          if (o.unit() == null) {
            ps.setNull(5, Types.VARCHAR);
          } else {
            ps.setString(5, o.unit());
          }
          if (o.attributes() == null) {
            ps.setNull(6, Types.VARCHAR);
          } else {
            ps.setString(6, o.attributes());
          }
          ps.addBatch();
          if (++n % BATCH == 0) {
            ps.executeBatch();
          }
        }
      }
      if (n % BATCH != 0) {
        ps.executeBatch();
      }
    }
  }

  @Override
  public void lockAuditChain(Connection c) {
    // BEGIN IMMEDIATE already holds the single write lock.
  }

  @Override
  public void lockPartitions(Connection c, Collection<PartitionKey> keys) {
    // BEGIN IMMEDIATE already holds the single write lock.
  }
}
