package io.aurum.store;

import io.aurum.core.model.Task;
import io.aurum.core.port.ClaimRequest;
import io.aurum.store.dialect.Dialect;
import io.aurum.store.jdbc.Jdbc;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The claim of due tasks under leases: its one statement, and the checks in it that nothing is
 * claimed while an emergency blocks the operation. Thread-safe.
 */
final class TaskClaims {
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

  TaskClaims(Jdbc jdbc, Dialect dialect, Clock clock) {
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

  /** See {@link io.aurum.core.port.TaskRepository#claim}. */
  List<Task> claim(String operationId, String owner, int max, Instant now, Instant leaseUntil) {
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
}
