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

  /** {@code SHARED[k]} inserts 2^k rows of one unit and one attributes text (each may be NULL). */
  private static final String[] SHARED =
      IntStream.rangeClosed(0, Integer.numberOfTrailingZeros(ROWS_PER_INSERT))
          .mapToObj(k -> sharedSql(1 << k))
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
    // value is a JNI call of its own, and each bound text is encoded to UTF-8 again: rows that
    // share their unit and attributes (nearly all: a fetch has one unit per series and no
    // attributes, a replay stamps one provenance text on every row of a task) bind both once per
    // statement and four values each instead of six.
    for (int from = 0; from < total; ) {
      int size = Math.min(ROWS_PER_INSERT, Integer.highestOneBit(total - from));
      int k = Integer.numberOfTrailingZeros(size);
      if (shareUnitAndAttributes(rows, from, from + size)) {
        insertSharing(StatementCache.get(c, SHARED[k]), versions, rows, from, size);
      } else {
        insertEach(StatementCache.get(c, INSERTS[k]), versions, rows, from, size);
      }
      from += size;
    }
  }

  private static boolean shareUnitAndAttributes(Observation[] rows, int from, int to) {
    String unit = rows[from].unit();
    String attributes = rows[from].attributes();
    for (int i = from; i < to; i++) {
      // Rows of one series or one stamp usually hold the same instances: equal without reading.
      String u = rows[i].unit();
      String a = rows[i].attributes();
      if ((u != unit && !Objects.equals(u, unit))
          || (a != attributes && !Objects.equals(a, attributes))) {
        return false;
      }
    }
    return true;
  }

  private static void insertSharing(
      PreparedStatement ps, long[] versions, Observation[] rows, int from, int size)
      throws SQLException {
    setText(ps, 1, rows[from].unit());
    setText(ps, 2, rows[from].attributes());
    for (int r = 0; r < size; r++) {
      Observation o = rows[from + r];
      int p = 3 + 4 * r;
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
      setText(ps, p + 5, o.unit());
      setText(ps, p + 6, o.attributes());
    }
    ps.executeUpdate();
  }

  private static void setText(PreparedStatement ps, int i, String v) throws SQLException {
    if (v == null) {
      ps.setNull(i, Types.VARCHAR);
    } else {
      ps.setString(i, v);
    }
  }

  private static String insertSql(int rows) {
    StringBuilder sql = new StringBuilder(INSERT_INTO);
    for (int i = 0; i < rows; i++) {
      sql.append(i == 0 ? "(?, ?, ?, ?, ?, ?)" : ", (?, ?, ?, ?, ?, ?)");
    }
    return sql.toString();
  }

  /** Rows whose unit is parameter 1 and attributes parameter 2; row r binds 3 + 4r to 6 + 4r. */
  private static String sharedSql(int rows) {
    StringBuilder sql = new StringBuilder(INSERT_INTO);
    for (int r = 0; r < rows; r++) {
      int p = 3 + 4 * r;
      sql.append(r == 0 ? "(" : ", (")
          .append('?')
          .append(p)
          .append(", ?")
          .append(p + 1)
          .append(", ?")
          .append(p + 2)
          .append(", ?")
          .append(p + 3)
          .append(", ?1, ?2)");
    }
    return sql.toString();
  }

  @Override
  public void lockAuditChain(Connection c) {
    // BEGIN IMMEDIATE already holds the single write lock.
  }

  @Override
  public void lockOperationCreation(Connection c, String type, String source) {
    // BEGIN IMMEDIATE already holds the single write lock.
  }

  @Override
  public void lockPartitions(Connection c, Collection<PartitionKey> keys) {
    // BEGIN IMMEDIATE already holds the single write lock.
  }
}
