package io.aurum.store.dialect;

/** Claim SQL shared by the dialects. */
final class TaskSql {
  static final String DUE_PENDING =
      "operation_id = ? AND state = 'PENDING' AND next_attempt_at <= ? ORDER BY priority, id"
          + " LIMIT ?";
  static final String SET_RUNNING =
      "state = 'RUNNING', lease_owner = ?, lease_until = ?, attempts = attempts + 1,"
          + " updated_at = ?";

  private TaskSql() {}
}
