package io.aurum.core.alert;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Lifecycle of an alert: PENDING (breached, not yet for long enough) → FIRING (notified) → RESOLVED
 * (a resolve notice to every channel told). PENDING → RESOLVED clears a breach that never fired,
 * silently; RESOLVED → PENDING is the next episode.
 */
public enum AlertState {
  PENDING,
  FIRING,
  RESOLVED;

  private static final Map<AlertState, Set<AlertState>> ALLOWED =
      Map.of(
          PENDING, EnumSet.of(FIRING, RESOLVED),
          FIRING, EnumSet.of(RESOLVED),
          RESOLVED, EnumSet.of(PENDING));

  public boolean canMoveTo(AlertState next) {
    return ALLOWED.get(this).contains(next);
  }

  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }
}
