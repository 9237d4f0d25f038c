package io.aurum.store;

import io.aurum.core.error.AurumException;
import io.aurum.core.model.Counters;
import io.aurum.core.model.Operation;
import io.aurum.core.model.OperationProgress;
import io.aurum.core.model.OperationSpec;
import io.aurum.core.model.OperationState;
import io.aurum.core.model.RunnerOwner;
import io.aurum.core.model.TaskDraft;
import io.aurum.core.model.TaskState;
import io.aurum.core.port.OperationRepository;
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
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/** Operations: creation with their tasks, state CAS with audit, runner ownership. Thread-safe. */
final class JdbcOperationRepository implements OperationRepository {
  /** Tasks per multi-row INSERT: 1,000 parameters, well under SQLite's limit of 32,766. */
  private static final int TASK_BATCH = 100;

  private static final String COLUMNS =
      "id, type, source, state, priority, reason, actor, spec_json, created_at, updated_at,"
          + " runner_id, runner_heartbeat_at, last_error";

  /** What is read: the columns written at creation and the runner's owner. */
  private static final String READ_COLUMNS =
      COLUMNS + ", runner_host, runner_pid, runner_started_at";

  private final Jdbc jdbc;
  private final Dialect dialect;
  private final JdbcAuditLog audit;
  private final Clock clock;

  JdbcOperationRepository(Jdbc jdbc, Dialect dialect, JdbcAuditLog audit, Clock clock) {
    this.jdbc = jdbc;
    this.dialect = dialect;
    this.audit = audit;
    this.clock = clock;
  }

  @Override
  public Operation create(Operation draft, List<TaskDraft> tasks) {
    return jdbc.inTransaction("creating operation " + draft.id(), c -> insert(c, draft, tasks));
  }

  private Operation insert(Connection c, Operation draft, List<TaskDraft> tasks)
      throws SQLException {
    String id = insertWithFreeId(c, draft);
    insertTasks(c, id, draft, tasks);
    audit.appendIn(
        c,
        draft.actor(),
        id,
        "operation.created",
        SpecJson.object(
            Map.of(
                "type", draft.type().name(),
                "state", draft.state().name(),
                "tasks", tasks.size(),
                "reason", draft.reason() == null ? "" : draft.reason())));
    return find(c, id).orElseThrow();
  }

  @Override
  public Creation createUnlessHeld(Operation draft, List<TaskDraft> tasks) {
    return jdbc.inTransaction(
        "creating operation " + draft.id(),
        c -> {
          dialect.lockOperationCreation(c, draft.type().name(), draft.source().name());
          Optional<Held> held = holder(c, draft, tasks);
          if (held.isPresent()) {
            return held.get();
          }
          return new Created(insert(c, draft, tasks));
        });
  }

  /**
   * The first live operation of the draft's type and source holding one of the tasks' partitions
   * (windowed tasks: an overlapping window). Run under the creation lock.
   */
  private static Optional<Held> holder(Connection c, Operation draft, List<TaskDraft> tasks)
      throws SQLException {
    Map<String, List<TaskDraft>> wanted = new java.util.HashMap<>();
    for (TaskDraft t : tasks) {
      wanted
          .computeIfAbsent(
              t.partition().dataset() + "/" + t.partition().period(), k -> new ArrayList<>())
          .add(t);
    }
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT t.operation_id, o.state, t.dataset, t.period, t.task_window FROM tasks t"
                + " JOIN operations o ON o.id = t.operation_id"
                + " WHERE o.type = ? AND o.source = ? AND o.state IN ('PLANNED', 'RUNNING', 'PAUSED')"
                + " ORDER BY o.created_at, t.id")) {
      ps.setString(1, draft.type().name());
      ps.setString(2, draft.source().name());
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          List<TaskDraft> mine = wanted.get(rs.getString(3) + "/" + rs.getString(4));
          if (mine == null) {
            continue;
          }
          String theirs = rs.getString(5);
          for (TaskDraft t : mine) {
            if (overlap(t.window(), theirs)) {
              return Optional.of(
                  new Held(
                      rs.getString(1), OperationState.valueOf(rs.getString(2)), t.partition()));
            }
          }
        }
      }
    }
    return Optional.empty();
  }

  /** Whether two task windows of one partition overlap; null is the whole partition. */
  private static boolean overlap(String a, String b) {
    if (a == null || b == null) {
      return true;
    }
    io.aurum.core.replay.Window x = io.aurum.core.replay.Window.parse(a);
    io.aurum.core.replay.Window y = io.aurum.core.replay.Window.parse(b);
    if (x == null || y == null) {
      return true;
    }
    return x.from().isBefore(y.to()) && y.from().isBefore(x.to());
  }

  /** Tries id, id_2, id_3, … with INSERT … ON CONFLICT DO NOTHING, so racing creators agree. */
  private String insertWithFreeId(Connection c, Operation d) throws SQLException {
    String sql =
        "INSERT INTO operations ("
            + COLUMNS
            + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING";
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      for (int n = 1; ; n++) {
        String id = n == 1 ? d.id() : d.id() + "_" + n;
        ps.setString(1, id);
        ps.setString(2, d.type().name());
        ps.setString(3, d.source().name());
        ps.setString(4, d.state().name());
        ps.setInt(5, d.priority().rank());
        ps.setString(6, d.reason());
        ps.setString(7, d.actor());
        ps.setString(8, SpecJson.write(d.spec()));
        Binds.setInstant(ps, 9, d.createdAt());
        Binds.setInstant(ps, 10, d.updatedAt() == null ? d.createdAt() : d.updatedAt());
        ps.setString(11, d.runnerId());
        Binds.setInstant(ps, 12, d.runnerHeartbeatAt());
        ps.setString(13, d.lastError());
        if (ps.executeUpdate() == 1) {
          return id;
        }
      }
    }
  }

  private static void insertTasks(Connection c, String id, Operation d, List<TaskDraft> tasks)
      throws SQLException {
    // Multi-row INSERTs, TASK_BATCH rows each: one statement run (and on SQLite one JNI round
    // trip) per chunk instead of per task.
    tasks = ownGroups(tasks);
    try (PreparedStatement full =
        tasks.size() >= TASK_BATCH ? c.prepareStatement(insertTasksSql(TASK_BATCH)) : null) {
      for (int from = 0; from < tasks.size(); from += TASK_BATCH) {
        List<TaskDraft> chunk = tasks.subList(from, Math.min(tasks.size(), from + TASK_BATCH));
        if (chunk.size() == TASK_BATCH) {
          bindTasks(full, id, d, chunk).executeUpdate();
        } else {
          try (PreparedStatement tail = c.prepareStatement(insertTasksSql(chunk.size()))) {
            bindTasks(tail, id, d, chunk).executeUpdate();
          }
        }
      }
    }
  }

  /** Ungrouped drafts get fetch windows of their own, numbered after the planned ones. */
  private static List<TaskDraft> ownGroups(List<TaskDraft> tasks) {
    int next = 0;
    boolean ungrouped = false;
    for (TaskDraft t : tasks) {
      next = Math.max(next, t.fetchGroup() + 1);
      ungrouped |= t.fetchGroup() == TaskDraft.UNGROUPED;
    }
    if (!ungrouped) {
      return tasks;
    }
    List<TaskDraft> out = new java.util.ArrayList<>(tasks.size());
    for (TaskDraft t : tasks) {
      out.add(t.fetchGroup() == TaskDraft.UNGROUPED ? t.inGroup(next++) : t);
    }
    return out;
  }

  /**
   * What is the same for every task of the operation is bound once per statement; each task binds
   * only its own six values.
   */
  private static PreparedStatement bindTasks(
      PreparedStatement ps, String id, Operation d, List<TaskDraft> chunk) throws SQLException {
    long created = d.createdAt().toEpochMilli();
    ps.setString(1, id);
    ps.setInt(2, d.priority().rank());
    ps.setLong(3, created);
    ps.setLong(4, created);
    ps.setLong(5, created);
    int p = 5;
    for (TaskDraft t : chunk) {
      ps.setString(++p, t.partition().source().name());
      ps.setString(++p, t.partition().dataset());
      ps.setString(++p, t.partition().period().toString());
      ps.setString(++p, t.window());
      Binds.setLong(ps, ++p, t.baseVersionId());
      ps.setLong(++p, t.fetchGroup());
    }
    return ps;
  }

  /** Rows come from a VALUES list, in order, so task ids follow the plan's order. */
  private static String insertTasksSql(int rows) {
    StringBuilder sql =
        new StringBuilder(
            "INSERT INTO tasks (operation_id, source, dataset, period, task_window, state, priority,"
                + " attempts, next_attempt_at, base_version_id, fetch_group, created_at, updated_at)"
                + " SELECT ?, column1, column2, column3, column4, 'PENDING', ?, 0, ?, column5,"
                + " column6, ?, ? FROM (VALUES ");
    for (int i = 0; i < rows; i++) {
      sql.append(i == 0 ? "" : ", ").append("(?, ?, ?, ?, ?, ?)");
    }
    return sql.append(") AS v").toString();
  }

  @Override
  public Optional<Operation> find(String id) {
    return jdbc.withConnection("reading operation " + id, c -> find(c, id));
  }

  private static Optional<Operation> find(Connection c, String id) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement("SELECT " + READ_COLUMNS + " FROM operations WHERE id = ?")) {
      ps.setString(1, id);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.of(Rows.operation(rs)) : Optional.empty();
      }
    }
  }

  @Override
  public List<Operation> list(Set<OperationState> states) {
    String where =
        states.isEmpty()
            ? ""
            : " WHERE state IN ("
                + states.stream().map(s -> "'" + s.name() + "'").collect(Collectors.joining(","))
                + ")";
    return jdbc.withConnection(
        "listing operations",
        c -> {
          try (PreparedStatement ps =
                  c.prepareStatement(
                      "SELECT "
                          + READ_COLUMNS
                          + " FROM operations"
                          + where
                          + " ORDER BY created_at DESC, id DESC");
              ResultSet rs = ps.executeQuery()) {
            List<Operation> out = new ArrayList<>();
            while (rs.next()) {
              out.add(Rows.operation(rs));
            }
            return out;
          }
        });
  }

  @Override
  public boolean transition(
      String id, OperationState from, OperationState to, String actor, String detail) {
    from.checkMoveTo(to, id);
    return jdbc.inTransaction(
        "moving operation " + id + " to " + to,
        c -> {
          int n =
              update(
                  c,
                  "UPDATE operations SET state = ?, updated_at = ? WHERE id = ? AND state = ?",
                  to.name(),
                  clock.millis(),
                  id,
                  from.name());
          if (n == 0) {
            if (find(c, id).isEmpty()) {
              throw new AurumException.NotFound("no operation " + id);
            }
            return false;
          }
          Binds.expectOne(n, "operation transition");
          String text =
              from + "->" + to + (detail == null || detail.isBlank() ? "" : ": " + detail);
          audit.appendIn(c, actor, id, "operation.state", text);
          return true;
        });
  }

  @Override
  public boolean acquireRunner(
      String id, String runnerId, RunnerOwner owner, Instant now, Instant staleBefore) {
    return jdbc.inTransaction(
        "acquiring operation " + id,
        c ->
            update(
                    c,
                    "UPDATE operations SET runner_id = ?, runner_heartbeat_at = ?,"
                        + " runner_host = ?, runner_pid = ?, runner_started_at = ? WHERE id = ?"
                        + " AND (runner_id IS NULL OR runner_id = ? OR runner_heartbeat_at IS NULL"
                        + " OR runner_heartbeat_at < ?)",
                    runnerId,
                    now.toEpochMilli(),
                    owner.host(),
                    owner.pid(),
                    millis(owner.processStart()),
                    id,
                    runnerId,
                    staleBefore.toEpochMilli())
                == 1);
  }

  @Override
  public boolean takeOver(
      String id,
      String previousRunnerId,
      String runnerId,
      RunnerOwner owner,
      Instant now,
      String actor) {
    java.util.Objects.requireNonNull(previousRunnerId, "previousRunnerId");
    return jdbc.inTransaction(
        "taking over operation " + id,
        c -> {
          Optional<Operation> before = find(c, id);
          // The compare-and-set: only the runner slot as the caller saw it is replaced.
          int n =
              update(
                  c,
                  "UPDATE operations SET runner_id = ?, runner_heartbeat_at = ?,"
                      + " runner_host = ?, runner_pid = ?, runner_started_at = ?"
                      + " WHERE id = ? AND runner_id = ?",
                  runnerId,
                  now.toEpochMilli(),
                  owner.host(),
                  owner.pid(),
                  millis(owner.processStart()),
                  id,
                  previousRunnerId);
          if (n == 0) {
            return false;
          }
          Binds.expectOne(n, "operation takeover");
          RunnerOwner gone = before.map(Operation::owner).orElse(null);
          audit.appendIn(
              c,
              actor,
              id,
              "operation.takeover",
              SpecJson.object(
                  Map.of(
                      "previous_runner",
                      previousRunnerId,
                      "previous_owner",
                      gone == null ? "" : gone.describe(),
                      "runner",
                      runnerId,
                      "owner",
                      owner.describe())));
          return true;
        });
  }

  private static Long millis(Instant t) {
    return t == null ? null : t.toEpochMilli();
  }

  @Override
  public void heartbeat(String id, String runnerId, Instant now) {
    jdbc.withConnection(
        "heartbeating operation " + id,
        c ->
            update(
                c,
                "UPDATE operations SET runner_heartbeat_at = ? WHERE id = ? AND runner_id = ?",
                now.toEpochMilli(),
                id,
                runnerId));
  }

  @Override
  public void releaseRunner(String id, String runnerId) {
    jdbc.withConnection(
        "releasing operation " + id,
        c ->
            update(
                c,
                "UPDATE operations SET runner_id = NULL, runner_heartbeat_at = NULL,"
                    + " runner_host = NULL, runner_pid = NULL, runner_started_at = NULL"
                    + " WHERE id = ? AND runner_id = ?",
                id,
                runnerId));
  }

  @Override
  public void updateSpec(String id, OperationSpec spec, String actor) {
    String json = SpecJson.write(spec);
    jdbc.inTransaction(
        "updating the spec of operation " + id,
        c -> {
          int n =
              update(
                  c,
                  "UPDATE operations SET spec_json = ?, updated_at = ? WHERE id = ?",
                  json,
                  clock.millis(),
                  id);
          if (n == 0) {
            throw new AurumException.NotFound("no operation " + id);
          }
          Binds.expectOne(n, "operation spec update");
          audit.appendIn(c, actor, id, "operation.spec", json);
          return null;
        });
  }

  @Override
  public void setLastError(String id, String error) {
    jdbc.withConnection(
        "recording the last error of operation " + id,
        c ->
            update(
                c,
                "UPDATE operations SET last_error = ?, updated_at = ? WHERE id = ?",
                error,
                clock.millis(),
                id));
  }

  @Override
  public OperationProgress progress(String id) {
    return jdbc.withConnection(
        "reading progress of operation " + id,
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "SELECT state, COUNT(*) AS n, SUM(records) AS records, SUM(api_calls) AS"
                      + " api_calls, SUM(bytes) AS bytes, SUM(retries) AS retries, SUM(errors)"
                      + " AS errors FROM tasks WHERE operation_id = ? GROUP BY state")) {
            ps.setString(1, id);
            Map<TaskState, Integer> byState = new EnumMap<>(TaskState.class);
            Counters total = Counters.ZERO;
            try (ResultSet rs = ps.executeQuery()) {
              while (rs.next()) {
                byState.put(TaskState.valueOf(rs.getString("state")), rs.getInt("n"));
                total = total.plus(Rows.counters(rs));
              }
            }
            return new OperationProgress(byState, total);
          }
        });
  }

  static int update(Connection c, String sql, Object... args) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      for (int i = 0; i < args.length; i++) {
        ps.setObject(i + 1, args[i]);
      }
      return ps.executeUpdate();
    }
  }
}
