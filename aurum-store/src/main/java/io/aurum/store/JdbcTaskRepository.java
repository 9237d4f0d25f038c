package io.aurum.store;

import static io.aurum.store.JdbcOperationRepository.update;

import io.aurum.core.model.Counters;
import io.aurum.core.model.Task;
import io.aurum.core.model.TaskState;
import io.aurum.core.port.ClaimRequest;
import io.aurum.core.port.TaskRepository;
import io.aurum.store.dialect.Dialect;
import io.aurum.store.jdbc.Binds;
import io.aurum.store.jdbc.Jdbc;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/** Tasks: claiming under leases, and state moves checked in SQL. Thread-safe. */
final class JdbcTaskRepository implements TaskRepository {
  static final String ADD_COUNTERS =
      "records = records + ?, api_calls = api_calls + ?, bytes = bytes + ?,"
          + " retries = retries + ?, errors = errors + ?";

  private static final Comparator<Task> CLAIM_ORDER =
      Comparator.comparingInt((Task t) -> t.priority().rank()).thenComparingLong(Task::id);

  /**
   * An active STOP (sparing critical and recovery operations unless it includes critical ones) or
   * ISOLATION (sparing recovery operations) in the operation's scope, as {@code
   * EmergencyRepository.Emergency.blocks}. Parameters: operation, now.
   */
  static final String BLOCKED =
      "EXISTS (SELECT 1 FROM emergencies e, operations o WHERE o.id = ? AND e.released_at IS NULL"
          + " AND (e.expires_at IS NULL OR e.expires_at > ?) AND (e.scope_operation = o.id OR"
          + " (e.scope_operation IS NULL AND (e.scope_source IS NULL OR e.scope_source ="
          + " LOWER(o.source)))) AND ((e.kind = 'STOP' AND (e.include_critical OR NOT (o.critical OR o.recovery))) OR"
          + " (e.kind = 'ISOLATION' AND NOT o.recovery)))";

  private final Jdbc jdbc;
  private final Dialect dialect;
  private final Clock clock;

  /**
   * One statement claims: the due set is a materialized CTE (as a plain {@code IN (subquery)}
   * PostgreSQL may rescan it in a nested loop and update more than LIMIT rows), PostgreSQL skips
   * rows other claimers hold, and the claimed rows come back with {@code RETURNING}. The outer
   * UPDATE has no state test: the due rows are PENDING under this transaction's lock (SQLite's
   * single writer, PostgreSQL's row locks), and with one SQLite would walk the state index instead
   * of the rowids. A claim takes whole fetch windows: every due PENDING task of the windows of the
   * first {@code max} due tasks (so it may return more than {@code max}). Nothing is claimed while
   * an active STOP or ISOLATION blocks the operation ({@link #BLOCKED}), whatever the run loop has
   * read of the emergencies so far; {@code claimed_at} is the store's clock, read once no
   * declaration can slip in before the commit ({@link Dialect#holdEmergencies}). Parameters:
   * operation, now, operation, now, max, owner, lease end, now, claimed at, operation, now.
   */
  private final String claimSql;

  JdbcTaskRepository(Jdbc jdbc, Dialect dialect, Clock clock) {
    this.jdbc = jdbc;
    this.dialect = dialect;
    this.clock = clock;
    this.claimSql =
        "WITH due AS MATERIALIZED (SELECT fetch_group FROM tasks WHERE operation_id = ? AND"
            + " state = 'PENDING' AND next_attempt_at <= ? AND NOT "
            + BLOCKED
            + " ORDER BY priority, id LIMIT ?"
            + (dialect.supportsSkipLocked() ? " FOR UPDATE SKIP LOCKED" : "")
            + ") UPDATE tasks SET state = 'RUNNING', lease_owner = ?, lease_until = ?,"
            + " attempts = attempts + 1, updated_at = ?, claimed_at = ? WHERE operation_id = ?"
            + " AND state ="
            + " 'PENDING' AND next_attempt_at <= ? AND fetch_group IN (SELECT fetch_group FROM"
            + " due) RETURNING "
            + Rows.TASK_COLUMNS;
  }

  @Override
  public List<Task> claim(
      String operationId, String owner, int max, Instant now, Instant leaseUntil) {
    if (max <= 0) {
      return List.of();
    }
    return jdbc.inTransaction(
        "claiming tasks of " + operationId,
        c -> {
          try (Statements st = new Statements(c, dialect)) {
            return claim(st, operationId, owner, max, now, leaseUntil);
          }
        });
  }

  /** The claim of {@code r} in the caller's transaction (a group commit's). */
  List<Task> claim(Statements st, ClaimRequest r) throws SQLException {
    Instant now = r.clock().instant();
    return claim(st, r.operationId(), r.owner(), r.max(), now, now.plus(r.lease()));
  }

  private List<Task> claim(
      Statements st, String operationId, String owner, int max, Instant now, Instant leaseUntil)
      throws SQLException {
    List<Task> claimed = new ArrayList<>(Math.min(max, 1024));
    dialect.holdEmergencies(st.connection());
    PreparedStatement ps = st.get(claimSql);
    ps.setString(1, operationId);
    ps.setLong(2, now.toEpochMilli());
    ps.setString(3, operationId);
    ps.setLong(4, now.toEpochMilli());
    ps.setInt(5, max);
    ps.setString(6, owner);
    ps.setLong(7, leaseUntil.toEpochMilli());
    ps.setLong(8, now.toEpochMilli());
    ps.setLong(9, clock.millis());
    ps.setString(10, operationId);
    ps.setLong(11, now.toEpochMilli());
    try (ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        claimed.add(Rows.task(rs));
      }
    }
    claimed.sort(CLAIM_ORDER);
    return claimed;
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

  @Override
  public void defer(long taskId, String owner, Instant due, String reason) {
    deferAll(List.of(taskId), owner, due, reason);
  }

  @Override
  public void retryLater(
      long taskId, String owner, Instant nextAttemptAt, String error, Counters delta) {
    finishAll(List.of(taskId), owner, TaskState.PENDING, nextAttemptAt, error, delta);
  }

  @Override
  public void fail(long taskId, String owner, String error, Counters delta) {
    finishAll(List.of(taskId), owner, TaskState.FAILED, null, error, delta);
  }

  @Override
  public void skip(long taskId, String owner, String reason, Counters delta) {
    finishAll(List.of(taskId), owner, TaskState.SKIPPED, null, reason, delta);
  }

  @Override
  public void deferAll(Collection<Long> taskIds, String owner, Instant due, String reason) {
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

  @Override
  public void retryAllLater(
      Collection<Long> taskIds, String owner, Instant nextAttemptAt, String error, Counters delta) {
    finishAll(taskIds, owner, TaskState.PENDING, nextAttemptAt, error, delta);
  }

  @Override
  public void failAll(Collection<Long> taskIds, String owner, String error, Counters delta) {
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

  static void bindCounters(PreparedStatement ps, int first, Counters d) throws SQLException {
    Counters x = d == null ? Counters.ZERO : d;
    ps.setLong(first, x.records());
    ps.setLong(first + 1, x.apiCalls());
    ps.setLong(first + 2, x.bytes());
    ps.setLong(first + 3, x.retries());
    ps.setLong(first + 4, x.errors());
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
