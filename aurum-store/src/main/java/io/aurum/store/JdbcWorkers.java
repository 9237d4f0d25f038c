package io.aurum.store;

import io.aurum.core.port.WorkerRepository;
import io.aurum.store.jdbc.Jdbc;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * {@link WorkerRepository} on tables {@code workers} and {@code worker_queue} (V091). A worker's
 * claims are its RUNNING tasks (their lease owner is the worker's id). Thread-safe.
 */
final class JdbcWorkers implements WorkerRepository {
  private final Jdbc jdbc;
  private final Clock clock;

  JdbcWorkers(Jdbc jdbc, Clock clock) {
    this.jdbc = jdbc;
    this.clock = clock;
  }

  @Override
  public void register(Registration r) {
    jdbc.inTransaction(
        "registering worker " + r.id(),
        c ->
            JdbcOperationRepository.update(
                c,
                "INSERT INTO workers (id, host, pid, sources, concurrency, started_at,"
                    + " heartbeat_at, state) VALUES (?, ?, ?, ?, ?, ?, ?, 'ACTIVE')",
                r.id(),
                r.host(),
                r.pid(),
                String.join(",", new TreeSet<>(r.sources())),
                r.concurrency(),
                r.startedAt().toEpochMilli(),
                r.startedAt().toEpochMilli()));
  }

  @Override
  public boolean heartbeat(String workerId, Instant now) {
    return jdbc.inTransaction(
            "heartbeat of worker " + workerId,
            c ->
                JdbcOperationRepository.update(
                    c,
                    "UPDATE workers SET heartbeat_at = ? WHERE id = ? AND state <> 'STOPPED'",
                    now.toEpochMilli(),
                    workerId))
        == 1;
  }

  @Override
  public void draining(String workerId, Instant now) {
    setState(workerId, "DRAINING", now);
  }

  @Override
  public void deregister(String workerId, Instant now) {
    setState(workerId, "STOPPED", now);
  }

  private void setState(String workerId, String state, Instant now) {
    jdbc.inTransaction(
        "worker " + workerId + " " + state.toLowerCase(java.util.Locale.ROOT),
        c ->
            JdbcOperationRepository.update(
                c,
                "UPDATE workers SET state = ?, heartbeat_at = ? WHERE id = ?",
                state,
                now.toEpochMilli(),
                workerId));
  }

  @Override
  public void countFenced(String workerId, int n) {
    jdbc.inTransaction(
        "counting fenced publishes of " + workerId,
        c ->
            JdbcOperationRepository.update(
                c,
                "UPDATE workers SET fenced_publishes = fenced_publishes + ? WHERE id = ?",
                n,
                workerId));
  }

  @Override
  public List<Worker> live(Instant liveSince) {
    return jdbc.withConnection(
        "listing workers",
        c -> {
          Map<String, Integer> claims = new HashMap<>();
          try (PreparedStatement ps =
                  c.prepareStatement(
                      "SELECT lease_owner, COUNT(*) FROM tasks WHERE state = 'RUNNING' AND"
                          + " lease_owner IN (SELECT id FROM workers WHERE state <> 'STOPPED')"
                          + " GROUP BY lease_owner");
              ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
              claims.put(rs.getString(1), rs.getInt(2));
            }
          }
          List<Worker> out = new ArrayList<>();
          try (PreparedStatement ps =
              c.prepareStatement(
                  "SELECT id, host, pid, sources, concurrency, started_at, heartbeat_at, state,"
                      + " fenced_publishes FROM workers WHERE state <> 'STOPPED' AND"
                      + " heartbeat_at >= ? ORDER BY id")) {
            ps.setLong(1, liveSince.toEpochMilli());
            try (ResultSet rs = ps.executeQuery()) {
              while (rs.next()) {
                String id = rs.getString(1);
                out.add(
                    new Worker(
                        id,
                        rs.getString(2),
                        rs.getLong(3),
                        rs.getString(4),
                        rs.getInt(5),
                        Instant.ofEpochMilli(rs.getLong(6)),
                        Instant.ofEpochMilli(rs.getLong(7)),
                        rs.getString(8),
                        rs.getLong(9),
                        claims.getOrDefault(id, 0)));
              }
            }
          }
          return out;
        });
  }

  @Override
  public void submit(String operationId, String actor, Instant now) {
    jdbc.inTransaction(
        "submitting " + operationId,
        c ->
            JdbcOperationRepository.update(
                c,
                "INSERT INTO worker_queue (operation_id, submitted_at, submitted_by)"
                    + " VALUES (?, ?, ?)",
                operationId,
                now.toEpochMilli(),
                actor));
  }

  @Override
  public boolean submitted(String operationId) {
    return jdbc.withConnection(
        "reading the worker queue",
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement("SELECT 1 FROM worker_queue WHERE operation_id = ?")) {
            ps.setString(1, operationId);
            try (ResultSet rs = ps.executeQuery()) {
              return rs.next();
            }
          }
        });
  }

  @Override
  public List<String> runnable(Set<String> sources, Instant now) {
    StringBuilder sql =
        new StringBuilder(
            "SELECT o.id FROM operations o JOIN worker_queue q ON q.operation_id = o.id WHERE"
                + " o.state = 'RUNNING' AND EXISTS (SELECT 1 FROM tasks t WHERE t.operation_id"
                + " = o.id AND t.state = 'PENDING' AND t.next_attempt_at <= ?)");
    List<String> names = new ArrayList<>(new TreeSet<>(sources));
    if (!names.isEmpty()) {
      sql.append(" AND LOWER(o.source) IN (")
          .append(String.join(", ", java.util.Collections.nCopies(names.size(), "?")))
          .append(')');
    }
    sql.append(" ORDER BY o.priority, o.created_at, o.id");
    return jdbc.withConnection(
        "reading the operations queued for workers",
        c -> {
          try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
            ps.setLong(1, now.toEpochMilli());
            for (int i = 0; i < names.size(); i++) {
              ps.setString(i + 2, names.get(i));
            }
            List<String> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
              while (rs.next()) {
                out.add(rs.getString(1));
              }
            }
            return out;
          }
        });
  }

  @Override
  public int reclaimExpired(Instant now) {
    return jdbc.inTransaction(
        "reclaiming expired leases of workers",
        c ->
            JdbcOperationRepository.update(
                c,
                "UPDATE tasks SET state = 'PENDING', lease_owner = NULL, lease_until = NULL,"
                    + " updated_at = ? WHERE state = 'RUNNING' AND lease_until < ? AND"
                    + " operation_id IN (SELECT operation_id FROM worker_queue)",
                clock.millis(),
                now.toEpochMilli()));
  }
}
