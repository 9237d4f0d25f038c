package io.aurum.core.model;

import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * Lifecycle of a partition version: STAGED → PUBLISHED → SUPERSEDED, or QUARANTINED/DISCARDED; a
 * rollback turns the head it undoes into ROLLED_BACK (kept, never a head again).
 */
public enum VersionState {
  STAGED,
  PUBLISHED,
  SUPERSEDED,
  QUARANTINED,
  DISCARDED,
  ROLLED_BACK;

  private static final Map<VersionState, Set<VersionState>> ALLOWED =
      Map.of(
          STAGED, EnumSet.of(PUBLISHED, QUARANTINED, DISCARDED),
          // SUPERSEDED → PUBLISHED is a rollback moving the head back.
          // PUBLISHED → QUARANTINED is a strict corruption isolation (back to PUBLISHED: its
          // release).
          PUBLISHED, EnumSet.of(SUPERSEDED, ROLLED_BACK, QUARANTINED),
          SUPERSEDED, EnumSet.of(PUBLISHED),
          QUARANTINED, EnumSet.of(PUBLISHED, DISCARDED),
          DISCARDED, EnumSet.noneOf(VersionState.class),
          ROLLED_BACK, EnumSet.noneOf(VersionState.class));

  public boolean canMoveTo(VersionState next) {
    return ALLOWED.get(this).contains(next);
  }
}
