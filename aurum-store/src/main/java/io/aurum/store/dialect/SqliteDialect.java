package io.aurum.store.dialect;

import io.aurum.core.model.Observation;
import io.aurum.core.model.PartitionKey;
import io.aurum.store.jdbc.StatementCache;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.util.Collection;
import java.util.List;
import java.util.stream.IntStream;

/**
 * SQLite: one writer at a time. Every write transaction is {@code BEGIN IMMEDIATE}, so a
 * select-then-update is safe without row locks; the state check in the UPDATE is the belt to those
 * braces.
 */
public final class SqliteDialect implements Dialect {
  /**
   * Rows per multi-row INSERT, a power of two: 6 × 128 variables, far below SQLite's limit of
   * 32,766.
   */
  private static final int ROWS_PER_INSERT = 128;

  /** {@code INSERTS[k]} inserts 2^k rows. */
  private static final String[] INSERTS =
      IntStream.rangeClosed(0, Integer.numberOfTrailingZeros(ROWS_PER_INSERT))
          .mapToObj(k -> insertSql(1 << k))
          .toArray(String[]::new);

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
  public boolean cachesStatements() {
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
  public void insertObservations(Connection c, List<VersionRows> batches) throws SQLException {
    int total = 0;
    for (VersionRows batch : batches) {
      total += batch.rows().size();
    }
    // Multi-row INSERTs: each execution is a JNI round trip and a run of the statement, so rows go
    // ROWS_PER_INSERT at a time and the tail in power-of-two statements (all cached).
    int remaining = total;
    int size = 0;
    int filled = 0;
    PreparedStatement ps = null;
    for (VersionRows batch : batches) {
      long versionId = batch.versionId();
      for (Observation o : batch.rows()) {
        if (filled == size) {
          size = Math.min(ROWS_PER_INSERT, Integer.highestOneBit(remaining));
          ps = StatementCache.get(c, INSERTS[Integer.numberOfTrailingZeros(size)]);
          filled = 0;
        }
        int p = filled * 6;
        ps.setLong(p + 1, versionId);
        ps.setString(p + 2, o.seriesId());
        ps.setLong(p + 3, o.period().getEpochSecond());
        ps.setDouble(p + 4, o.value());
        if (o.unit() == null) {
          ps.setNull(p + 5, Types.VARCHAR);
        } else {
          ps.setString(p + 5, o.unit());
        }
        if (o.attributes() == null) {
          ps.setNull(p + 6, Types.VARCHAR);
        } else {
          ps.setString(p + 6, o.attributes());
        }
        remaining--;
        if (++filled == size) {
          ps.executeUpdate();
        }
      }
    }
  }

  private static String insertSql(int rows) {
    StringBuilder sql =
        new StringBuilder(
            "INSERT INTO observations (version_id, series_id, period, value, unit, attributes)"
                + " VALUES ");
    for (int i = 0; i < rows; i++) {
      sql.append(i == 0 ? "(?, ?, ?, ?, ?, ?)" : ", (?, ?, ?, ?, ?, ?)");
    }
    return sql.toString();
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
