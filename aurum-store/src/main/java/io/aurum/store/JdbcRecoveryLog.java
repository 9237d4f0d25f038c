package io.aurum.store;

import io.aurum.core.port.RecoveryLog;
import io.aurum.store.jdbc.Jdbc;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@link RecoveryLog} on SQLite and PostgreSQL: table {@code recovery_steps}; every state change is
 * one transaction with its audit entry. Thread-safe.
 */
final class JdbcRecoveryLog implements RecoveryLog {
  private final Jdbc jdbc;
  private final JdbcAuditLog audit;
  private final Clock clock;

  JdbcRecoveryLog(Jdbc jdbc, JdbcAuditLog audit, Clock clock) {
    this.jdbc = jdbc;
    this.audit = audit;
    this.clock = clock;
  }

  @Override
  public List<StepRow> steps(String planId) {
    return jdbc.withConnection(
        "reading the progress of recovery plan " + planId,
        c -> {
          List<StepRow> out = new ArrayList<>();
          try (PreparedStatement ps =
              c.prepareStatement(
                  "SELECT plan_id, step_id, kind, state, operation_id, detail, actor, reason,"
                      + " started_at, finished_at FROM recovery_steps WHERE plan_id = ?"
                      + " ORDER BY step_id")) {
            ps.setString(1, planId);
            try (ResultSet rs = ps.executeQuery()) {
              while (rs.next()) {
                long fin = rs.getLong(10);
                boolean finNull = rs.wasNull();
                out.add(
                    new StepRow(
                        rs.getString(1),
                        rs.getString(2),
                        rs.getString(3),
                        State.valueOf(rs.getString(4)),
                        rs.getString(5),
                        rs.getString(6),
                        rs.getString(7),
                        rs.getString(8),
                        Instant.ofEpochMilli(rs.getLong(9)),
                        finNull ? null : Instant.ofEpochMilli(fin)));
              }
            }
          }
          return out;
        });
  }

  @Override
  public void started(String planId, String stepId, String kind, String actor, String reason) {
    jdbc.inTransaction(
        "starting step " + stepId + " of recovery plan " + planId,
        c -> {
          long now = clock.millis();
          int n =
              JdbcOperationRepository.update(
                  c,
                  "UPDATE recovery_steps SET state = 'RUNNING', actor = ?, reason = ?,"
                      + " started_at = ?, finished_at = NULL, detail = NULL"
                      + " WHERE plan_id = ? AND step_id = ?",
                  actor,
                  reason,
                  now,
                  planId,
                  stepId);
          if (n == 0) {
            JdbcOperationRepository.update(
                c,
                "INSERT INTO recovery_steps (plan_id, step_id, kind, state, actor, reason,"
                    + " started_at) VALUES (?, ?, ?, 'RUNNING', ?, ?, ?)",
                planId,
                stepId,
                kind,
                actor,
                reason,
                now);
          }
          Map<String, Object> detail = new LinkedHashMap<>();
          detail.put("step", stepId);
          detail.put("kind", kind);
          detail.put("reason", reason);
          audit.appendIn(c, actor, planId, "recovery.step_started", SpecJson.object(detail));
          return null;
        });
  }

  @Override
  public void operation(String planId, String stepId, String operationId) {
    jdbc.inTransaction(
        "recording the operation of step " + stepId,
        c ->
            JdbcOperationRepository.update(
                c,
                "UPDATE recovery_steps SET operation_id = ? WHERE plan_id = ? AND step_id = ?",
                operationId,
                planId,
                stepId));
  }

  @Override
  public void finished(String planId, String stepId, boolean done, String detail, String actor) {
    jdbc.inTransaction(
        "finishing step " + stepId + " of recovery plan " + planId,
        c -> {
          JdbcOperationRepository.update(
              c,
              "UPDATE recovery_steps SET state = ?, detail = ?, finished_at = ?"
                  + " WHERE plan_id = ? AND step_id = ?",
              done ? State.DONE.name() : State.FAILED.name(),
              detail,
              clock.millis(),
              planId,
              stepId);
          Map<String, Object> d = new LinkedHashMap<>();
          d.put("step", stepId);
          d.put("gate", detail);
          audit.appendIn(
              c,
              actor,
              planId,
              done ? "recovery.step_done" : "recovery.step_failed",
              SpecJson.object(d));
          return null;
        });
  }
}
