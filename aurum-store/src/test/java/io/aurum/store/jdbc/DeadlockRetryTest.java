package io.aurum.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.aurum.store.testing.StoreFixtures;
import io.aurum.store.testing.TestDatabase;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * Two transactions that lock two rows in opposite orders deadlock on PostgreSQL; the server aborts
 * one, and {@link Jdbc#inTransaction} runs it again, so both commit (as the claim of one process
 * and the {@code cancel --force} of another did in CI, where the claim failed the run instead).
 */
class DeadlockRetryTest {
  @Test
  void a_deadlock_victim_runs_again_and_both_transactions_commit() throws Exception {
    try (TestDatabase db = StoreFixtures.postgres()) {
      PGSimpleDataSource ds = new PGSimpleDataSource();
      ds.setURL(db.jdbcUrl());
      try (var c = ds.getConnection();
          Statement s = c.createStatement()) {
        s.execute("CREATE TABLE pair (id INT PRIMARY KEY, n INT NOT NULL)");
        s.execute("INSERT INTO pair VALUES (1, 0), (2, 0)");
      }
      Jdbc jdbc = new Jdbc(ds, "test", true, false);
      CyclicBarrier bothHoldTheirFirstRow = new CyclicBarrier(2);
      AtomicInteger runs = new AtomicInteger();

      CompletableFuture<Void> a =
          CompletableFuture.runAsync(() -> bump(jdbc, 1, 2, bothHoldTheirFirstRow, runs));
      CompletableFuture<Void> b =
          CompletableFuture.runAsync(() -> bump(jdbc, 2, 1, bothHoldTheirFirstRow, runs));
      CompletableFuture.allOf(a, b).get(60, TimeUnit.SECONDS);

      assertThat(runs.get()).as("the victim ran twice").isEqualTo(3);
      assertThat(db.count("SELECT SUM(n) FROM pair")).as("each row bumped by both").isEqualTo(4);
    }
  }

  private static void bump(
      Jdbc jdbc, int first, int second, CyclicBarrier barrier, AtomicInteger runs) {
    jdbc.inTransaction(
        "bumping " + first + " then " + second,
        c -> {
          boolean firstRun = runs.incrementAndGet() <= 2;
          update(c, first);
          if (firstRun) {
            try {
              barrier.await(30, TimeUnit.SECONDS);
            } catch (Exception e) {
              throw new IllegalStateException(e);
            }
          }
          update(c, second);
          return null;
        });
  }

  private static void update(java.sql.Connection c, int id) throws java.sql.SQLException {
    try (PreparedStatement ps = c.prepareStatement("UPDATE pair SET n = n + 1 WHERE id = ?")) {
      ps.setInt(1, id);
      ps.executeUpdate();
    }
  }
}
