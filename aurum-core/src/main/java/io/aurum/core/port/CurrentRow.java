package io.aurum.core.port;

import java.time.Instant;

/** One row of the current-observations view: a head version's observation. */
public record CurrentRow(
    String dataset,
    String seriesId,
    Instant period,
    double value,
    String unit,
    int versionNo,
    String operationId,
    String attributes) {}
