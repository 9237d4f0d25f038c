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
import java.util.Objects;
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

  private static final String INSERT_INTO =
      "INSERT INTO observations (version_id, series_id, period, value, unit, attributes) VALUES ";

  /** {@code INSERTS[k]} inserts 2^k rows. */
  private static final String[] INSERTS =
      IntStream.rangeClosed(0, Integer.numberOfTrailingZeros(ROWS_PER_INSERT))
          .mapToObj(k -> insertSql(1 << k))
          .toArray(String[]::new);

  /** {@code SHARED_UNIT[k]} inserts 2^k rows of one unit and no attributes. */
  private static final String[] SHARED_UNIT =
      IntStream.rangeClosed(0, Integer.numberOfTrailingZeros(ROWS_PER_INSERT))
          .mapToObj(k -> sharedUnitSql(1 << k))
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
    long[] versions = new long[total];
    Observation[] rows = new Observation[total];
    int n = 0;
    for (VersionRows batch : batches) {
      for (Observation o : batch.rows()) {
        versions[n] = batch.versionId();
        rows[n++] = o;
      }
    }
    // Multi-row INSERTs: each execution is a JNI round trip and a run of the statement, so rows go
    // ROWS_PER_INSERT at a time and the tail in power-of-two statements (all cached). Each bound
    // value is a JNI call of its own: rows that share their unit and have no attributes (nearly
    // all) bind the unit once per statement and four values each instead of six.
    for (int from = 0; from < total; ) {
      int size = Math.min(ROWS_PER_INSERT, Integer.highestOneBit(total - from));
      int k = Integer.numberOfTrailingZeros(size);
      if (shareUnit(rows, from, from + size)) {
        insertSharingUnit(StatementCache.get(c, SHARED_UNIT[k]), versions, rows, from, size);
      } else {
        insertEach(StatementCache.get(c, INSERTS[k]), versions, rows, from, size);
      }
      from += size;
    }
  }

  private static boolean shareUnit(Observation[] rows, int from, int to) {
    String unit = rows[from].unit();
    for (int i = from; i < to; i++) {
      if (rows[i].attributes() != null || !Objects.equals(rows[i].unit(), unit)) {
        return false;
      }
    }
    return true;
  }

  private static void insertSharingUnit(
      PreparedStatement ps, long[] versions, Observation[] rows, int from, int size)
      throws SQLException {
    String unit = rows[from].unit();
    if (unit == null) {
      ps.setNull(1, Types.VARCHAR);
    } else {
      ps.setString(1, unit);
    }
    for (int r = 0; r < size; r++) {
      Observation o = rows[from + r];
      int p = 2 + 4 * r;
      ps.setLong(p, versions[from + r]);
      ps.setString(p + 1, o.seriesId());
      ps.setLong(p + 2, o.period().getEpochSecond());
      ps.setDouble(p + 3, o.value());
    }
    ps.executeUpdate();
  }

  private static void insertEach(
      PreparedStatement ps, long[] versions, Observation[] rows, int from, int size)
      throws SQLException {
    for (int r = 0; r < size; r++) {
      Observation o = rows[from + r];
      int p = 6 * r;
      ps.setLong(p + 1, versions[from + r]);
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
    }
    ps.executeUpdate();
  }

  private static String insertSql(int rows) {
    StringBuilder sql = new StringBuilder(INSERT_INTO);
    for (int i = 0; i < rows; i++) {
      sql.append(i == 0 ? "(?, ?, ?, ?, ?, ?)" : ", (?, ?, ?, ?, ?, ?)");
    }
    return sql.toString();
  }

  /** Rows whose unit is parameter 1 and whose attributes are NULL; row r binds 2 + 4r to 5 + 4r. */
  private static String sharedUnitSql(int rows) {
    StringBuilder sql = new StringBuilder(INSERT_INTO);
    for (int r = 0; r < rows; r++) {
      int p = 2 + 4 * r;
      sql.append(r == 0 ? "(" : ", (")
          .append('?')
          .append(p)
          .append(", ?")
          .append(p + 1)
          .append(", ?")
          .append(p + 2)
          .append(", ?")
          .append(p + 3)
          .append(", ?1, NULL)");
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
