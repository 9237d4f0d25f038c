package io.aurum.store.jdbc;

import io.aurum.core.error.AurumException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.locks.ReentrantLock;
import javax.sql.DataSource;

/**
 * Scoped JDBC work: a connection or a transaction lives exactly as long as one lambda, and every
 * {@link SQLException} becomes an {@link AurumException.StorageFailure} saying what failed.
 * Thread-safe.
 */
public final class Jdbc {

  /** Work on an open connection; may throw {@link SQLException}. */
  @FunctionalInterface
  public interface Work<T> {
    T apply(Connection c) throws SQLException;
  }

  private final DataSource dataSource;
  private final String where;
  private final boolean streamingNeedsTransaction;
  private final ReentrantLock writeLock;

  /**
   * @param where the redacted database description used in error messages
   * @param streamingNeedsTransaction PostgreSQL only honours a fetch size inside a transaction
   * @param oneWriter the database admits one write transaction at a time (SQLite): transactions of
   *     this process then queue on a fair lock in the JVM instead of on SQLite's busy handler,
   *     which polls with sleeps of up to 100 ms and so turns every collision into milliseconds of
   *     idle time. Other processes still wait on the busy timeout.
   */
  public Jdbc(
      DataSource dataSource, String where, boolean streamingNeedsTransaction, boolean oneWriter) {
    this.dataSource = dataSource;
    this.where = where;
    this.streamingNeedsTransaction = streamingNeedsTransaction;
    this.writeLock = oneWriter ? new ReentrantLock(true) : null;
  }

  static final int TRANSACTION_ATTEMPTS = 3;

  /** Runs {@code work} on an auto-commit connection. */
  public <T> T withConnection(String what, Work<T> work) {
    try (Connection c = dataSource.getConnection()) {
      return work.apply(c);
    } catch (SQLException e) {
      throw failure(what, e);
    }
  }

  /**
   * Runs {@code work} in one transaction: committed when it returns, rolled back when it throws. On
   * SQLite the transaction is {@code BEGIN IMMEDIATE}, so read-then-write is serialized. A
   * transaction PostgreSQL aborts as a deadlock victim or for a serialization failure runs again,
   * up to {@value #TRANSACTION_ATTEMPTS} times in all: {@code work} must keep its effects in the
   * transaction (or be safe to repeat).
   */
  public <T> T inTransaction(String what, Work<T> work) {
    if (writeLock == null) {
      return transaction(what, work);
    }
    writeLock.lock();
    try {
      return transaction(what, work);
    } finally {
      writeLock.unlock();
    }
  }

  private <T> T transaction(String what, Work<T> work) {
    for (int attempt = 1; ; attempt++) {
      try {
        return transactionOnce(what, work);
      } catch (AurumException.StorageFailure e) {
        if (attempt >= TRANSACTION_ATTEMPTS
            || !(e.getCause() instanceof SQLException s)
            || !retryable(s)) {
          throw e;
        }
        // PostgreSQL aborted this transaction to break a deadlock (or a serialization conflict)
        // and rolled it back whole: running it again is what the server asks for.
        java.util.concurrent.locks.LockSupport.parkNanos(
            java.util.concurrent.ThreadLocalRandom.current().nextLong(1_000_000L, 20_000_000L));
      }
    }
  }

  /** Deadlock detected (40P01) or serialization failure (40001), anywhere in the chain. */
  static boolean retryable(SQLException e) {
    for (SQLException x = e; x != null; x = x.getNextException()) {
      if ("40P01".equals(x.getSQLState()) || "40001".equals(x.getSQLState())) {
        return true;
      }
    }
    return false;
  }

  private <T> T transactionOnce(String what, Work<T> work) {
    try (Connection c = dataSource.getConnection()) {
      c.setAutoCommit(false);
      try {
        T result = work.apply(c);
        c.commit();
        return result;
      } catch (SQLException | RuntimeException | Error e) {
        rollbackQuietly(c, e);
        throw e;
      } finally {
        c.setAutoCommit(true);
      }
    } catch (SQLException e) {
      throw failure(what, e);
    }
  }

  /**
   * Runs a long read that streams rows: in a read-only transaction where the driver needs one to
   * honour the fetch size (PostgreSQL), else on a plain connection so SQLite writers are not held.
   */
  public <T> T streaming(String what, Work<T> work) {
    if (!streamingNeedsTransaction) {
      return withConnection(what, work);
    }
    try (Connection c = dataSource.getConnection()) {
      c.setAutoCommit(false);
      try {
        return work.apply(c);
      } finally {
        c.rollback();
        c.setAutoCommit(true);
      }
    } catch (SQLException e) {
      throw failure(what, e);
    }
  }

  private static void rollbackQuietly(Connection c, Throwable cause) {
    try {
      c.rollback();
    } catch (SQLException e) {
      cause.addSuppressed(e);
    }
  }

  private AurumException.StorageFailure failure(String what, SQLException e) {
    return new AurumException.StorageFailure(
        "storage failure while " + what + " on " + where + ": " + Redact.secrets(e.getMessage()),
        e);
  }
}
