package io.aurum.store;

import static io.aurum.store.JdbcOperationRepository.update;

import io.aurum.core.model.Counters;
import io.aurum.core.model.Task;
import io.aurum.core.model.TaskState;
import io.aurum.core.port.ClaimRequest;
import io.aurum.core.port.TaskRepository;
import io.aurum.store.dialect.Dialect;
import io.aurum.store.jdbc.Jdbc;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Tasks: the {@link TaskRepository} port, claiming by {@link TaskClaims}, owner-checked moves by
 * {@link TaskMoves}, and the operation-wide moves and reads here. Thread-safe.
 */
final class JdbcTaskRepository implements TaskRepository {
  private final Jdbc jdbc;
  private final Clock clock;
  private final TaskClaims claims;
  private final TaskMoves moves;

  JdbcTaskRepository(Jdbc jdbc, Dialect dialect, Clock clock) {
    this.jdbc = jdbc;
    this.clock = clock;
    this.claims = new TaskClaims(jdbc, dialect, clock);
    this.moves = new TaskMoves(jdbc, clock);
  }

  @Override
  public List<Task> claim(
      String operationId, String owner, int max, Instant now, Instant leaseUntil) {
    return claims.claim(operationId, owner, max, now, leaseUntil);
  }

  /** The claim of {@code r} in the caller's transaction (a group commit's). */
  List<Task> claim(Statements st, ClaimRequest r) throws SQLException {
    return claims.claim(st, r);
  }

  private static List<Task> select(Connection c, String where, Object... args) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement("SELECT " + Rows.TASK_COLUMNS + " FROM tasks WHERE " + where)) {
      for (int i = 0; i < args.length; i++) {
        ps.setObject(i + 1, args[i]);
      }
      List<Task> out = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(Rows.task(rs));
        }
      }
      return out;
    }
  }

  @Override
  public void renewLeases(String owner, Collection<Long> taskIds, Instant leaseUntil) {
    if (taskIds.isEmpty()) {
      return;
    }
    jdbc.inTransaction(
        "renewing leases of " + owner,
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "UPDATE tasks SET lease_until = ? WHERE id = ? AND lease_owner = ?"
                      + " AND state = 'RUNNING'")) {
            for (long id : taskIds) {
              ps.setLong(1, leaseUntil.toEpochMilli());
              ps.setLong(2, id);
              ps.setString(3, owner);
              ps.addBatch();
            }
            ps.executeBatch();
          }
          return null;
        });
  }

  @Override
  public int reclaimExpired(Instant now) {
    return jdbc.inTransaction(
        "reclaiming expired leases",
        c ->
            update(
                c,
                "UPDATE tasks SET state = 'PENDING', lease_owner = NULL, lease_until = NULL,"
                    + " updated_at = ? WHERE state = 'RUNNING' AND lease_until < ?",
                clock.millis(),
                now.toEpochMilli()));
  }

  @Override
  public int releaseRunning(String operationId) {
    return jdbc.inTransaction(
        "releasing running tasks of " + operationId,
        c ->
            update(
                c,
                "UPDATE tasks SET state = 'PENDING', lease_owner = NULL, lease_until = NULL,"
                    + " updated_at = ? WHERE operation_id = ? AND state = 'RUNNING'",
                clock.millis(),
                operationId));
  }

  @Override
  public void release(Collection<Long> taskIds, String owner) {
    moves.release(taskIds, owner);
  }

  @Override
  public void defer(long taskId, String owner, Instant due, String reason) {
    moves.defer(taskId, owner, due, reason);
  }

  @Override
  public void retryLater(
      long taskId, String owner, Instant nextAttemptAt, String error, Counters delta) {
    moves.retryLater(taskId, owner, nextAttemptAt, error, delta);
  }

  @Override
  public void fail(long taskId, String owner, String error, Counters delta) {
    moves.fail(taskId, owner, error, delta);
  }

  @Override
  public void skip(long taskId, String owner, String reason, Counters delta) {
    moves.skip(taskId, owner, reason, delta);
  }

  @Override
  public void deferAll(Collection<Long> taskIds, String owner, Instant due, String reason) {
    moves.deferAll(taskIds, owner, due, reason);
  }

  @Override
  public void retryAllLater(
      Collection<Long> taskIds, String owner, Instant nextAttemptAt, String error, Counters delta) {
    moves.retryAllLater(taskIds, owner, nextAttemptAt, error, delta);
  }

  @Override
  public void failAll(Collection<Long> taskIds, String owner, String error, Counters delta) {
    moves.failAll(taskIds, owner, error, delta);
  }

  @Override
  public long split(String operationId, Collection<Long> taskIds) {
    return jdbc.inTransaction(
        "splitting a fetch window of " + operationId,
        c -> {
          long group;
          try (PreparedStatement ps =
              c.prepareStatement("SELECT MAX(fetch_group) FROM tasks WHERE operation_id = ?")) {
            ps.setString(1, operationId);
            try (ResultSet rs = ps.executeQuery()) {
              rs.next();
              group = rs.getLong(1) + 1;
            }
          }
          try (PreparedStatement ps =
              c.prepareStatement(
                  "UPDATE tasks SET fetch_group = ?, attempts = CASE WHEN attempts > 1 THEN 1"
                      + " ELSE attempts END WHERE id = ? AND operation_id = ?")) {
            for (long id : taskIds) {
              ps.setLong(1, group);
              ps.setLong(2, id);
              ps.setString(3, operationId);
              ps.addBatch();
            }
            ps.executeBatch();
          }
          return group;
        });
  }

  @Override
  public int cancel(String operationId, boolean includeRunning) {
    String states = includeRunning ? "'PENDING', 'RUNNING'" : "'PENDING'";
    return jdbc.inTransaction(
        "cancelling tasks of " + operationId,
        c ->
            update(
                c,
                "UPDATE tasks SET state = 'CANCELLED', lease_owner = NULL, lease_until = NULL,"
                    + " updated_at = ? WHERE operation_id = ? AND state IN ("
                    + states
                    + ")",
                clock.millis(),
                operationId));
  }

  @Override
  public int requeue(String operationId, Set<TaskState> from) {
    if (from.isEmpty()) {
      return 0;
    }
    long now = clock.millis();
    return jdbc.inTransaction(
        "requeueing tasks of " + operationId,
        c ->
            update(
                c,
                "UPDATE tasks SET state = 'PENDING', attempts = 0, lease_owner = NULL,"
                    + " lease_until = NULL, next_attempt_at = ?, updated_at = ?"
                    + " WHERE operation_id = ? AND state IN ("
                    + inList(from)
                    + ")",
                now,
                now,
                operationId));
  }

  @Override
  public List<Task> list(String operationId, Set<TaskState> states) {
    String where =
        "operation_id = ?" + (states.isEmpty() ? "" : " AND state IN (" + inList(states) + ")");
    return jdbc.withConnection(
        "listing tasks of " + operationId, c -> select(c, where + " ORDER BY id", operationId));
  }

  @Override
  public Optional<Task> find(long taskId) {
    return jdbc.withConnection(
        "reading task " + taskId, c -> select(c, "id = ?", taskId).stream().findFirst());
  }

  @Override
  public Optional<Instant> nextDue(String operationId) {
    return jdbc.withConnection(
        "reading the next due task of " + operationId,
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "SELECT MIN(next_attempt_at) FROM tasks WHERE operation_id = ?"
                      + " AND state = 'PENDING'")) {
            ps.setString(1, operationId);
            try (ResultSet rs = ps.executeQuery()) {
              rs.next();
              long v = rs.getLong(1);
              return rs.wasNull()
                  ? Optional.<Instant>empty()
                  : Optional.of(Instant.ofEpochMilli(v));
            }
          }
        });
  }

  private static String inList(Set<TaskState> states) {
    return states.stream().map(s -> "'" + s.name() + "'").collect(Collectors.joining(","));
  }
}
