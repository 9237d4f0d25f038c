package io.aurum.store.jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checkpoints a SQLite WAL on its own thread and connection. SQLite's automatic checkpoint runs
 * inside the COMMIT that crosses the threshold and fsyncs there, while the single write lock is
 * held: on the hot path that was a third of the publisher's time. A PASSIVE checkpoint from another
 * connection runs alongside writers, so commits only append to the WAL. The connections' own
 * automatic checkpoint stays on at a higher threshold as a safety net should this thread fall
 * behind. Thread-safe.
 */
public final class WalCheckpointer implements AutoCloseable {
  /** WAL pages (4 KiB) at which the writers' own checkpoint steps in: 64 MiB. */
  public static final int FALLBACK_AUTOCHECKPOINT_PAGES = 16_384;

  private static final Logger LOG = LoggerFactory.getLogger(WalCheckpointer.class);

  private final DataSource database;
  private final ScheduledExecutorService timer;
  private Connection connection;
  private boolean warned;

  /** Starts checkpointing every {@code interval}; {@code database} gives unpooled connections. */
  public WalCheckpointer(DataSource database, String name, Duration interval) {
    this.database = database;
    this.timer =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "aurum-wal-checkpoint-" + name);
              t.setDaemon(true);
              return t;
            });
    timer.scheduleWithFixedDelay(
        this::checkpoint, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
  }

  private void checkpoint() {
    try {
      if (connection == null) {
        connection = database.getConnection();
      }
      try (Statement s = connection.createStatement()) {
        s.execute("PRAGMA wal_checkpoint(PASSIVE)");
      }
    } catch (SQLException | RuntimeException e) {
      // Not fatal: the writers' own checkpoint takes over. Reconnect on the next tick.
      if (!warned) {
        LOG.warn(
            "background WAL checkpoint failed (the writers checkpoint instead): {}", e.toString());
        warned = true;
      }
      closeConnection();
    }
  }

  private void closeConnection() {
    if (connection != null) {
      try {
        connection.close();
      } catch (SQLException e) {
        // Closing is best effort.
      }
      connection = null;
    }
  }

  /** Stops the thread after one last checkpoint. */
  @Override
  public void close() {
    timer.shutdown();
    try {
      if (timer.awaitTermination(10, TimeUnit.SECONDS)) {
        checkpoint();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    closeConnection();
  }
}
