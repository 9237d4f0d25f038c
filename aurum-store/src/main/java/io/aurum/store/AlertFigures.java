package io.aurum.store;

import io.aurum.core.alert.Figures;
import io.aurum.core.model.SourceId;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The figures alerts read, from tasks and operations: attempts ({@code api_calls}), failed attempts
 * ({@code errors}) and rows of the tasks updated in the window, and the RUNNING operations with how
 * long their current run has lasted (from {@code runner_started_at}, else creation). Stateless.
 */
final class AlertFigures {
  /**
   * How long after its operation last changed a task may still be updated: the tasks in flight when
   * an operation leaves RUNNING finish within their lease (a minute by default). The window's tasks
   * are looked for only among operations running or changed since the window's start less this,
   * through the tasks' operation index: an evaluation costs what is live, not the whole history of
   * tasks (a scan of every task row each evaluation, before).
   */
  static final Duration SETTLED = Duration.ofHours(1);

  private AlertFigures() {}

  static Figures read(
      Connection c, String scopeSource, String scopeType, Duration window, Instant now)
      throws SQLException {
    String source = scopeSource == null ? null : SourceId.parse(scopeSource).name();
    String type = scopeType == null ? null : scopeType.toUpperCase(Locale.ROOT);
    List<Figures.Running> running = new ArrayList<>();
    long oldest = now.toEpochMilli();
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT id, COALESCE(runner_started_at, created_at) FROM operations"
                + " WHERE state = 'RUNNING'"
                + (source != null ? " AND source = ?" : "")
                + (type != null ? " AND type = ?" : "")
                + " ORDER BY 2, id")) {
      bind(ps, source, type, 1);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          long started = rs.getLong(2);
          oldest = Math.min(oldest, started);
          running.add(
              new Figures.Running(
                  rs.getString(1), Duration.ofMillis(Math.max(0, now.toEpochMilli() - started))));
        }
      }
    }
    long from = now.minus(window).toEpochMilli();
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT COALESCE(SUM(t.api_calls), 0), COALESCE(SUM(t.errors), 0),"
                + " COALESCE(SUM(t.records), 0) FROM operations o JOIN tasks t"
                + " ON t.operation_id = o.id WHERE (o.state = 'RUNNING' OR o.updated_at > ?)"
                + " AND t.updated_at > ? AND t.updated_at <= ?"
                + (source != null ? " AND o.source = ?" : "")
                + (type != null ? " AND o.type = ?" : ""))) {
      ps.setLong(1, from - SETTLED.toMillis());
      ps.setLong(2, from);
      ps.setLong(3, now.toEpochMilli());
      bind(ps, source, type, 4);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        long calls = rs.getLong(1);
        long errors = rs.getLong(2);
        // A failed attempt that made no call still counts as an attempt.
        long attempts = Math.max(calls, errors);
        Duration covered = Duration.ofMillis(now.toEpochMilli() - Math.max(from, oldest));
        return new Figures(attempts, errors, rs.getLong(3), covered, running);
      }
    }
  }

  private static void bind(PreparedStatement ps, String source, String type, int first)
      throws SQLException {
    int i = first;
    if (source != null) {
      ps.setString(i++, source);
    }
    if (type != null) {
      ps.setString(i, type);
    }
  }
}
