package io.aurum.store;

import static io.aurum.store.jdbc.Binds.instant;
import static io.aurum.store.jdbc.Binds.nullableLong;

import io.aurum.core.model.Counters;
import io.aurum.core.model.Head;
import io.aurum.core.model.Operation;
import io.aurum.core.model.OperationState;
import io.aurum.core.model.OperationType;
import io.aurum.core.model.PartitionKey;
import io.aurum.core.model.PartitionVersion;
import io.aurum.core.model.Priority;
import io.aurum.core.model.RunnerOwner;
import io.aurum.core.model.SourceId;
import io.aurum.core.model.Task;
import io.aurum.core.model.TaskState;
import io.aurum.core.model.VersionState;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;

/** Maps result-set rows to model records; column names are the schema's. */
final class Rows {
  /** In this order: {@link #task} reads them by position. */
  static final String TASK_COLUMNS =
      "id, operation_id, source, dataset, period, task_window, state, priority, attempts,"
          + " next_attempt_at, lease_owner, lease_until, last_error, base_version_id, version_id,"
          + " records, api_calls, bytes, retries, errors, fetch_group";

  static final String VERSION_COLUMNS =
      "id, source, dataset, period, version_no, operation_id, task_id, state, record_count,"
          + " checksum, schema_version, quality_score, created_at, attributes_digest";
  static final String HEAD_COLUMNS =
      "source, dataset, period, version_id, operation_id, record_count, complete, updated_at";

  private Rows() {}

  static PartitionKey partition(ResultSet rs) throws SQLException {
    return new PartitionKey(
        SourceId.valueOf(rs.getString("source")),
        rs.getString("dataset"),
        day(rs.getString("period")));
  }

  static Operation operation(ResultSet rs) throws SQLException {
    return new Operation(
        rs.getString("id"),
        OperationType.valueOf(rs.getString("type")),
        SourceId.valueOf(rs.getString("source")),
        OperationState.valueOf(rs.getString("state")),
        Priority.ofRank(rs.getInt("priority")),
        rs.getString("reason"),
        rs.getString("actor"),
        SpecJson.read(rs.getString("spec_json"), OperationType.valueOf(rs.getString("type"))),
        instant(rs, "created_at"),
        instant(rs, "updated_at"),
        rs.getString("runner_id"),
        instant(rs, "runner_heartbeat_at"),
        rs.getString("last_error"),
        owner(rs));
  }

  private static RunnerOwner owner(ResultSet rs) throws SQLException {
    String host = rs.getString("runner_host");
    if (host == null) {
      return null;
    }
    long pid = rs.getLong("runner_pid");
    return new RunnerOwner(host, rs.wasNull() ? -1 : pid, instant(rs, "runner_started_at"));
  }

  /**
   * A task from a row of {@link #TASK_COLUMNS}, read by position: claims return many rows, and
   * by-name reads look the label up for every column.
   */
  static Task task(ResultSet rs) throws SQLException {
    return new Task(
        rs.getLong(1),
        rs.getString(2),
        new PartitionKey(SourceId.valueOf(rs.getString(3)), rs.getString(4), day(rs.getString(5))),
        rs.getString(6),
        TaskState.valueOf(rs.getString(7)),
        Priority.ofRank(rs.getInt(8)),
        rs.getInt(9),
        instantAt(rs, 10),
        rs.getString(11),
        instantAt(rs, 12),
        rs.getString(13),
        longAt(rs, 14),
        longAt(rs, 15),
        new Counters(
            rs.getLong(16), rs.getLong(17), rs.getLong(18), rs.getLong(19), rs.getLong(20)),
        rs.getLong(21));
  }

  /** A stored {@code YYYY-MM-DD} day, without a formatter when it has that shape. */
  static LocalDate day(String s) {
    if (s.length() == 10 && s.charAt(4) == '-' && s.charAt(7) == '-') {
      int y = digits(s, 0, 4);
      int m = digits(s, 5, 7);
      int d = digits(s, 8, 10);
      if (y >= 0 && m >= 0 && d >= 0) {
        return LocalDate.of(y, m, d);
      }
    }
    return LocalDate.parse(s);
  }

  private static int digits(String s, int from, int to) {
    int v = 0;
    for (int i = from; i < to; i++) {
      int c = s.charAt(i) - '0';
      if (c < 0 || c > 9) {
        return -1;
      }
      v = v * 10 + c;
    }
    return v;
  }

  private static Instant instantAt(ResultSet rs, int column) throws SQLException {
    long v = rs.getLong(column);
    return rs.wasNull() ? null : Instant.ofEpochMilli(v);
  }

  private static Long longAt(ResultSet rs, int column) throws SQLException {
    long v = rs.getLong(column);
    return rs.wasNull() ? null : v;
  }

  static Counters counters(ResultSet rs) throws SQLException {
    return new Counters(
        rs.getLong("records"),
        rs.getLong("api_calls"),
        rs.getLong("bytes"),
        rs.getLong("retries"),
        rs.getLong("errors"));
  }

  static PartitionVersion version(ResultSet rs) throws SQLException {
    return new PartitionVersion(
        rs.getLong("id"),
        partition(rs),
        rs.getInt("version_no"),
        rs.getString("operation_id"),
        nullableLong(rs, "task_id"),
        VersionState.valueOf(rs.getString("state")),
        rs.getLong("record_count"),
        rs.getString("checksum"),
        rs.getString("schema_version"),
        rs.getDouble("quality_score"),
        instant(rs, "created_at"),
        rs.getString("attributes_digest"));
  }

  static Head head(ResultSet rs) throws SQLException {
    return new Head(
        partition(rs),
        rs.getLong("version_id"),
        rs.getString("operation_id"),
        rs.getLong("record_count"),
        rs.getBoolean("complete"),
        instant(rs, "updated_at"));
  }
}
