package io.aurum.core.usecase;

import io.aurum.core.integrity.Category;
import io.aurum.core.integrity.ScanDepth;
import io.aurum.core.model.SourceId;
import java.util.Set;

/** {@code corruption detect}: the source, the corruption types to look for, and the depth. */
public record CorruptionDetectRequest(SourceId source, Set<Category> types, ScanDepth depth) {
  public CorruptionDetectRequest {
    types = Set.copyOf(types);
  }
}
