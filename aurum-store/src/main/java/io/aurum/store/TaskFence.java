package io.aurum.store;

import io.aurum.core.model.TaskState;
import io.aurum.core.port.PublishRequest;
import io.aurum.core.port.PublishResult;
import io.aurum.store.jdbc.Binds;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Fencing of a group commit: a request publishes only while its task is still RUNNING under the
 * request's lease owner. The holders of a group's tasks are read once, in the group's transaction
 * and after its partition locks; where several transactions write at once (PostgreSQL) the task
 * rows are locked as they are read, so a reclaim cannot slip in before the commit, and the task
 * update compares the owner again. A fenced request writes nothing. A worker's other moves of its
 * tasks (release, defer, retry, fail, skip) compare the owner in their UPDATE the same way ({@link
 * #expectEachHeld}). Stateless; thread-safe.
 */
final class TaskFence {
  private TaskFence() {}

  /** Who holds a task: its state and lease owner as the group commit found them. */
  record Holder(TaskState state, String owner) {}

  /**
   * PostgreSQL's read of the holders, for {@link PipelinedGroupCommit}'s first round trip:
   * parameter 1 is the tasks' ids as an {@code int8[]}; rows are locked in id order.
   */
  static final String LOCK_HOLDERS_SQL =
      "SELECT id, state, lease_owner FROM tasks WHERE id = ANY(?::int8[]) ORDER BY id FOR UPDATE";

  /**
   * Ids in one IN list: short ones are padded with their last id, so that one statement text serves
   * every group size (SQLite keeps its statements prepared per text, a few dozen per connection).
   */
  private static final int CHUNK = 64;

  private static final String HOLDERS_SQL =
      "SELECT id, state, lease_owner FROM tasks WHERE id IN (" + "?, ".repeat(CHUNK - 1) + "?)";

  private static final String LOCKED_HOLDERS_SQL = HOLDERS_SQL + " ORDER BY id FOR UPDATE";

  /**
   * The holders of the requests' tasks, by task id, locked until the transaction ends unless the
   * database admits one writer at a time (then the transaction's write lock is enough).
   */
  static Map<Long, Holder> read(Statements st, List<PublishRequest> requests, boolean lock)
      throws SQLException {
    Map<Long, Holder> out = new HashMap<>();
    long[] ids = requests.stream().mapToLong(PublishRequest::taskId).sorted().distinct().toArray();
    PreparedStatement ps = st.get(lock ? LOCKED_HOLDERS_SQL : HOLDERS_SQL);
    for (int from = 0; from < ids.length; from += CHUNK) {
      for (int j = 0; j < CHUNK; j++) {
        ps.setLong(j + 1, ids[Math.min(ids.length - 1, from + j)]);
      }
      try (ResultSet rs = ps.executeQuery()) {
        collect(rs, out);
      }
    }
    return out;
  }

  /** Adds the rows of a holders query (id, state, lease owner) to {@code out}. */
  static void collect(ResultSet rs, Map<Long, Holder> out) throws SQLException {
    while (rs.next()) {
      out.put(rs.getLong(1), new Holder(TaskState.valueOf(rs.getString(2)), rs.getString(3)));
    }
  }

  /**
   * The result of a request whose task its lease owner no longer holds (it writes nothing); null
   * when the task is RUNNING under the request's owner and the request may go on.
   */
  static PublishResult.Fenced fenced(PublishRequest r, Map<Long, Holder> holders) {
    Holder h = holders.get(r.taskId());
    if (h != null
        && h.state() == TaskState.RUNNING
        && r.leaseOwner() != null
        && r.leaseOwner().equals(h.owner())) {
      return null;
    }
    return new PublishResult.Fenced(
        r.taskId(), h == null ? null : h.state(), h == null ? null : h.owner());
  }

  /**
   * Checks the row counts of a batch of task moves made {@code WHERE ... AND lease_owner = owner}:
   * a move that updated no row because another runner now holds the task's lease is fenced (the
   * task is left as it is); any other count but one (the task is not RUNNING, or is unknown) is a
   * bug and throws, as before the owner was compared.
   */
  static void expectEachHeld(
      Connection c, int[] counts, Collection<Long> taskIds, String owner, String move)
      throws SQLException {
    int i = 0;
    for (long id : taskIds) {
      int n = counts[i++];
      if (n == java.sql.Statement.SUCCESS_NO_INFO || n == 1) {
        continue;
      }
      if (n == 0 && heldByAnother(c, id, owner)) {
        continue;
      }
      Binds.expectOne(n, "task " + id + " " + move);
    }
  }

  private static boolean heldByAnother(Connection c, long taskId, String owner)
      throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement("SELECT state, lease_owner FROM tasks WHERE id = ?")) {
      ps.setLong(1, taskId);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          return false;
        }
        String holder = rs.getString(2);
        return TaskState.valueOf(rs.getString(1)) == TaskState.RUNNING
            && holder != null
            && !holder.equals(owner);
      }
    }
  }
}
