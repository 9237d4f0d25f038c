package io.aurum.core.usecase;

import io.aurum.core.model.SourceId;

/** {@code emergency assess}: the source, and whether every partition is scanned. */
public record DamageAssessRequest(SourceId source, boolean fullScan) {}
