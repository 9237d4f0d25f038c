package io.aurum.core.model;

import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/** Lifecycle of a partition version: STAGED → PUBLISHED → SUPERSEDED, or QUARANTINED/DISCARDED. */
public enum VersionState {
  STAGED,
  PUBLISHED,
  SUPERSEDED,
  QUARANTINED,
  DISCARDED;

  private static final Map<VersionState, Set<VersionState>> ALLOWED =
      Map.of(
          STAGED, EnumSet.of(PUBLISHED, QUARANTINED, DISCARDED),
          // SUPERSEDED → PUBLISHED is a rollback moving the head back.
          PUBLISHED, EnumSet.of(SUPERSEDED),
          SUPERSEDED, EnumSet.of(PUBLISHED),
          QUARANTINED, EnumSet.of(PUBLISHED, DISCARDED),
          DISCARDED, EnumSet.noneOf(VersionState.class));

  public boolean canMoveTo(VersionState next) {
    return ALLOWED.get(this).contains(next);
  }
}
