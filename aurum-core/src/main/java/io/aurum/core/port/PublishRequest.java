package io.aurum.core.port;

import io.aurum.core.model.Counters;
import io.aurum.core.model.Observation;
import io.aurum.core.model.PartitionKey;
import java.util.List;

/**
 * One task's write–audit–publish step. {@code stagedVersionId} names a STAGED version whose rows
 * were appended earlier (null: a new version made of {@code rows}); {@code rows} are still to be
 * written. The head moves only if it still points at {@code expectedHeadVersionId} (null: no head).
 * With {@code quarantine} the version is kept as QUARANTINED and the task FAILS instead. {@code
 * leaseOwner} is the runner that claimed the task: the store publishes only while the task is still
 * RUNNING under that lease, and otherwise fences the request ({@link PublishResult.Fenced}).
 */
public record PublishRequest(
    long taskId,
    String leaseOwner,
    String operationId,
    PartitionKey partition,
    Long stagedVersionId,
    List<Observation> rows,
    long recordCount,
    String checksum,
    String schemaVersion,
    double qualityScore,
    boolean complete,
    Long expectedHeadVersionId,
    boolean quarantine,
    String quarantineReason,
    Counters counters) {}
