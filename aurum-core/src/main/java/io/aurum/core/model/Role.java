package io.aurum.core.model;

import io.aurum.core.error.AurumException;
import java.util.Locale;

/**
 * What a server token may do, in increasing order: a viewer reads; an operator also starts and
 * controls operations; an admin also rolls back, declares emergencies, isolates corruption and
 * manages tokens. A role {@link #covers} every role below it.
 */
public enum Role {
  VIEWER,
  OPERATOR,
  ADMIN;

  /** Whether a holder of this role may do what {@code needed} may. */
  public boolean covers(Role needed) {
    return compareTo(needed) >= 0;
  }

  /** {@code viewer}, {@code operator} or {@code admin}, in any case. */
  public static Role parse(String text) {
    if (text != null) {
      for (Role r : values()) {
        if (r.name().equalsIgnoreCase(text.trim())) {
          return r;
        }
      }
    }
    throw new AurumException.BadInput(
        "role '" + text + "' is not one of viewer, operator, admin: pick the least a holder needs");
  }

  public String cliName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
