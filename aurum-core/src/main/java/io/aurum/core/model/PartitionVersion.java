package io.aurum.core.model;

import java.time.Instant;

/**
 * An immutable set of observations for one partition, numbered per partition. {@code
 * attributesDigest} covers the rows' attributes ({@link AttributeDigest}); null for versions
 * written before the store recorded it.
 */
public record PartitionVersion(
    long id,
    PartitionKey partition,
    int versionNo,
    String operationId,
    Long taskId,
    VersionState state,
    long recordCount,
    String checksum,
    String schemaVersion,
    double qualityScore,
    Instant createdAt,
    String attributesDigest) {}
