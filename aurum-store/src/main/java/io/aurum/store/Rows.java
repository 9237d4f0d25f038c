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
import io.aurum.core.model.SourceId;
import io.aurum.core.model.Task;
import io.aurum.core.model.TaskState;
import io.aurum.core.model.VersionState;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;

/** Maps result-set rows to model records; column names are the schema's. */
final class Rows {
  static final String TASK_COLUMNS =
      "id, operation_id, source, dataset, period, task_window, state, priority, attempts,"
          + " next_attempt_at, lease_owner, lease_until, last_error, base_version_id, version_id,"
          + " records, api_calls, bytes, retries, errors";
  static final String VERSION_COLUMNS =
      "id, source, dataset, period, version_no, operation_id, task_id, state, record_count,"
          + " checksum, schema_version, quality_score, created_at";
  static final String HEAD_COLUMNS =
      "source, dataset, period, version_id, operation_id, record_count, complete, updated_at";

  private Rows() {}

  static PartitionKey partition(ResultSet rs) throws SQLException {
    return new PartitionKey(
        SourceId.valueOf(rs.getString("source")),
        rs.getString("dataset"),
        LocalDate.parse(rs.getString("period")));
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
        SpecJson.read(rs.getString("spec_json")),
        instant(rs, "created_at"),
        instant(rs, "updated_at"),
        rs.getString("runner_id"),
        instant(rs, "runner_heartbeat_at"),
        rs.getString("last_error"));
  }

  static Task task(ResultSet rs) throws SQLException {
    return new Task(
        rs.getLong("id"),
        rs.getString("operation_id"),
        partition(rs),
        rs.getString("task_window"),
        TaskState.valueOf(rs.getString("state")),
        Priority.ofRank(rs.getInt("priority")),
        rs.getInt("attempts"),
        instant(rs, "next_attempt_at"),
        rs.getString("lease_owner"),
        instant(rs, "lease_until"),
        rs.getString("last_error"),
        nullableLong(rs, "base_version_id"),
        nullableLong(rs, "version_id"),
        counters(rs));
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
        instant(rs, "created_at"));
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
