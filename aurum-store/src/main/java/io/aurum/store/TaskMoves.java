package io.aurum.store;

import io.aurum.core.model.Counters;
import io.aurum.core.model.TaskState;
import io.aurum.store.jdbc.Binds;
import io.aurum.store.jdbc.Jdbc;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.List;

/**
 * The moves of a claimed task by the runner that holds it (release, defer, retry, fail, skip): each
 * checked in SQL against the lease owner, and a task another runner has taken over is fenced
 * ({@link TaskFence}). Thread-safe.
 */
final class TaskMoves {
  static final String ADD_COUNTERS =
      "records = records + ?, api_calls = api_calls + ?, bytes = bytes + ?,"
          + " retries = retries + ?, errors = errors + ?";

  private final Jdbc jdbc;
  private final Clock clock;

  TaskMoves(Jdbc jdbc, Clock clock) {
    this.jdbc = jdbc;
    this.clock = clock;
  }

  void release(Collection<Long> taskIds, String owner) {
    if (taskIds.isEmpty()) {
      return;
    }
    long now = clock.millis();
    jdbc.inTransaction(
        "releasing claimed tasks",
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "UPDATE tasks SET state = 'PENDING', lease_owner = NULL, lease_until = NULL,"
                      + " attempts = CASE WHEN attempts > 0 THEN attempts - 1 ELSE 0 END,"
                      + " next_attempt_at = ?, updated_at = ? WHERE id = ? AND state = 'RUNNING'"
                      + " AND lease_owner = ?")) {
            for (long id : taskIds) {
              ps.setLong(1, now);
              ps.setLong(2, now);
              ps.setLong(3, id);
              ps.setString(4, owner);
              ps.addBatch();
            }
            ps.executeBatch();
          }
          return null;
        });
  }

  void defer(long taskId, String owner, Instant due, String reason) {
    deferAll(List.of(taskId), owner, due, reason);
  }

  void retryLater(long taskId, String owner, Instant nextAttemptAt, String error, Counters delta) {
    finishAll(List.of(taskId), owner, TaskState.PENDING, nextAttemptAt, error, delta);
  }

  void fail(long taskId, String owner, String error, Counters delta) {
    finishAll(List.of(taskId), owner, TaskState.FAILED, null, error, delta);
  }

  void skip(long taskId, String owner, String reason, Counters delta) {
    finishAll(List.of(taskId), owner, TaskState.SKIPPED, null, reason, delta);
  }

  void deferAll(Collection<Long> taskIds, String owner, Instant due, String reason) {
    if (taskIds.isEmpty()) {
      return;
    }
    jdbc.inTransaction(
        "deferring " + taskIds.size() + " task(s)",
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "UPDATE tasks SET state = 'PENDING', lease_owner = NULL, lease_until = NULL,"
                      + " attempts = CASE WHEN attempts > 0 THEN attempts - 1 ELSE 0 END,"
                      + " next_attempt_at = ?, last_error = ?, updated_at = ?"
                      + " WHERE id = ? AND state = 'RUNNING' AND lease_owner = ?")) {
            for (long id : taskIds) {
              ps.setLong(1, due.toEpochMilli());
              ps.setString(2, reason);
              ps.setLong(3, clock.millis());
              ps.setLong(4, id);
              ps.setString(5, owner);
              ps.addBatch();
            }
            TaskFence.expectEachHeld(
                c, ps.executeBatch(), taskIds, owner, "RUNNING->PENDING (deferred)");
          }
          return null;
        });
  }

  void retryAllLater(
      Collection<Long> taskIds, String owner, Instant nextAttemptAt, String error, Counters delta) {
    finishAll(taskIds, owner, TaskState.PENDING, nextAttemptAt, error, delta);
  }

  void failAll(Collection<Long> taskIds, String owner, String error, Counters delta) {
    finishAll(taskIds, owner, TaskState.FAILED, null, error, delta);
  }

  /**
   * RUNNING → {@code to} for every task {@code owner} still holds, in one transaction, releasing
   * the lease; the counters are added to the first task only (the window's requests were sent
   * once). A task another runner has taken over is fenced: left as it is.
   */
  private void finishAll(
      Collection<Long> taskIds,
      String owner,
      TaskState to,
      Instant nextAttemptAt,
      String error,
      Counters d) {
    if (taskIds.isEmpty()) {
      return;
    }
    jdbc.inTransaction(
        "moving " + taskIds.size() + " task(s) to " + to,
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "UPDATE tasks SET state = ?, lease_owner = NULL, lease_until = NULL,"
                      + " last_error = ?, next_attempt_at = COALESCE(?, next_attempt_at),"
                      + " updated_at = ?, "
                      + ADD_COUNTERS
                      + " WHERE id = ? AND state = 'RUNNING' AND lease_owner = ?")) {
            boolean first = true;
            for (long id : taskIds) {
              ps.setString(1, to.name());
              ps.setString(2, error);
              Binds.setInstant(ps, 3, nextAttemptAt);
              ps.setLong(4, clock.millis());
              bindCounters(ps, 5, first ? d : Counters.ZERO);
              ps.setLong(10, id);
              ps.setString(11, owner);
              ps.addBatch();
              first = false;
            }
            TaskFence.expectEachHeld(c, ps.executeBatch(), taskIds, owner, "RUNNING->" + to);
          }
          return null;
        });
  }

  static void bindCounters(PreparedStatement ps, int first, Counters d) throws SQLException {
    Counters x = d == null ? Counters.ZERO : d;
    ps.setLong(first, x.records());
    ps.setLong(first + 1, x.apiCalls());
    ps.setLong(first + 2, x.bytes());
    ps.setLong(first + 3, x.retries());
    ps.setLong(first + 4, x.errors());
  }
}
