package io.aurum.store.dialect;

import io.aurum.core.model.Observation;
import io.aurum.core.model.PartitionKey;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Collection;
import java.util.List;

/**
 * Everything that differs between SQLite and PostgreSQL, in one place per database (after
 * db-scheduler's JdbcCustomization). Implementations are stateless and thread-safe.
 */
public interface Dialect {

  /** {@code sqlite} or {@code postgresql}; also the per-dialect migration folder. */
  String name();

  /** Whether claiming uses {@code FOR UPDATE SKIP LOCKED} (several writers at once). */
  boolean supportsSkipLocked();

  /** Whether the database admits only one write transaction at a time (SQLite). */
  default boolean singleWriter() {
    return false;
  }

  /**
   * Whether hot-path statements stay prepared across transactions ({@code StatementCache}): where
   * the driver parses on every prepare (SQLite).
   */
  default boolean cachesStatements() {
    return false;
  }

  /**
   * Whether one prepared statement may hold several SQL statements, which the driver sends in one
   * round trip and the server runs in order (PostgreSQL's extended protocol).
   */
  default boolean pipelinesStatements() {
    return false;
  }

  /** Whether bulk observation writes use {@code COPY … FROM STDIN}. */
  boolean supportsCopy();

  /** Whether a streaming read must run inside a transaction for the fetch size to apply. */
  boolean streamingNeedsTransaction();

  /** Rows still to be written for one version. */
  record VersionRows(long versionId, List<Observation> rows) {}

  /**
   * Writes the rows of several versions in the caller's transaction, in one COPY or one batch: the
   * hot path.
   */
  void insertObservations(Connection c, List<VersionRows> batches) throws SQLException;

  default void insertObservations(Connection c, long versionId, List<Observation> rows)
      throws SQLException {
    insertObservations(c, List.of(new VersionRows(versionId, rows)));
  }

  /** Serializes audit appends until the caller's transaction ends. */
  void lockAuditChain(Connection c) throws SQLException;

  /**
   * Keeps emergencies from being declared or released until the caller's transaction (a claim)
   * ends, so that a claim either sees a stop or is recorded before it. SQLite's write transactions
   * are serialized already.
   */
  default void holdEmergencies(Connection c) throws SQLException {}

  /**
   * Serializes version numbering and head moves of these partitions until the caller's transaction
   * ends. Locks are taken in a fixed order so group commits cannot deadlock.
   */
  void lockPartitions(Connection c, Collection<PartitionKey> keys) throws SQLException;

  /**
   * Serializes the creation of operations of this type over this source until the caller's
   * transaction ends, so the check that no live operation of the type holds the new one's
   * partitions and the insert are one atomic step across processes.
   */
  void lockOperationCreation(Connection c, String type, String source) throws SQLException;

  static Dialect forUrl(String jdbcUrl) {
    if (jdbcUrl.startsWith("jdbc:sqlite:")) {
      return new SqliteDialect();
    }
    if (jdbcUrl.startsWith("jdbc:postgresql:")) {
      return new PostgresDialect();
    }
    throw new IllegalArgumentException(
        "unsupported database URL: use jdbc:sqlite:PATH or jdbc:postgresql://HOST/DB");
  }
}
