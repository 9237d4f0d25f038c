package io.aurum.store.testing;

import io.aurum.core.model.Checksums;
import io.aurum.core.model.Counters;
import io.aurum.core.model.Observation;
import io.aurum.core.model.Operation;
import io.aurum.core.model.OperationSpec;
import io.aurum.core.model.OperationState;
import io.aurum.core.model.OperationType;
import io.aurum.core.model.PartitionKey;
import io.aurum.core.model.Priority;
import io.aurum.core.model.SourceId;
import io.aurum.core.model.TaskDraft;
import io.aurum.core.port.PublishRequest;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/** Builders for store test data. */
public final class TestData {
  public static final Instant T0 = Instant.parse("2024-06-01T12:00:00Z");
  public static final LocalDate DAY = LocalDate.of(2024, 1, 1);

  private TestData() {}

  public static OperationSpec spec() {
    return new OperationSpec(
        SourceId.EIA,
        DAY,
        DAY.plusDays(2),
        List.of("ELEC.DEMAND"),
        3,
        1000,
        3,
        null,
        1.0,
        false,
        "latest_wins",
        null);
  }

  public static Operation operation(String id, Priority priority, Instant createdAt) {
    return new Operation(
        id,
        OperationType.BACKFILL,
        SourceId.EIA,
        OperationState.PLANNED,
        priority,
        "fill gap",
        "alice",
        spec(),
        createdAt,
        createdAt,
        null,
        null,
        null);
  }

  public static Operation operation(String id) {
    return operation(id, Priority.NORMAL, T0);
  }

  public static PartitionKey partition(int dayOffset) {
    return new PartitionKey(SourceId.EIA, "ELEC.DEMAND", DAY.plusDays(dayOffset));
  }

  public static List<TaskDraft> drafts(int n) {
    List<TaskDraft> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      out.add(new TaskDraft(partition(i), null, null));
    }
    return out;
  }

  /** {@code series} series × {@code hours} hourly rows from the partition's UTC midnight. */
  public static List<Observation> rows(PartitionKey key, int series, int hours, double base) {
    Instant start = key.period().atStartOfDay(ZoneOffset.UTC).toInstant();
    List<Observation> out = new ArrayList<>(series * hours);
    for (int h = 0; h < hours; h++) {
      for (int s = 0; s < series; s++) {
        out.add(
            new Observation(
                "S" + s, start.plusSeconds(3600L * h), base + s * 0.25 + h, "MWh", null));
      }
    }
    return out;
  }

  /** The lease owner store tests claim tasks as, and publish them under. */
  public static final String OWNER = "w";

  /** A publish of a new version of {@code rows} under the lease of {@link #OWNER}. */
  public static PublishRequest publish(
      long taskId, String operationId, PartitionKey key, List<Observation> rows, Long expected) {
    return publish(taskId, OWNER, operationId, key, rows, expected);
  }

  /** A publish of a new version of {@code rows} under the lease of {@code leaseOwner}. */
  public static PublishRequest publish(
      long taskId,
      String leaseOwner,
      String operationId,
      PartitionKey key,
      List<Observation> rows,
      Long expected) {
    return new PublishRequest(
        taskId,
        leaseOwner,
        operationId,
        key,
        null,
        rows,
        rows.size(),
        Checksums.of(rows),
        "1",
        1.0,
        true,
        expected,
        false,
        null,
        new Counters(rows.size(), 1, 100, 0, 0));
  }

  /** {@code r} finishing the STAGED version {@code versionId} instead of making a new one. */
  public static PublishRequest finishing(PublishRequest r, long versionId) {
    return new PublishRequest(
        r.taskId(),
        r.leaseOwner(),
        r.operationId(),
        r.partition(),
        versionId,
        r.rows(),
        r.recordCount(),
        r.checksum(),
        r.schemaVersion(),
        r.qualityScore(),
        r.complete(),
        r.expectedHeadVersionId(),
        r.quarantine(),
        r.quarantineReason(),
        r.counters());
  }
}
