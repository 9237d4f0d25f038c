package io.aurum.core.alert;

import java.util.Locale;
import java.util.Optional;

/** Where a notice goes; the order is the tiered escalation's: slack, then pagerduty, then email. */
public enum Channel {
  SLACK,
  PAGERDUTY,
  EMAIL;

  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Optional<Channel> of(String id) {
    for (Channel c : values()) {
      if (c.id().equals(id.trim().toLowerCase(Locale.ROOT))) {
        return Optional.of(c);
      }
    }
    return Optional.empty();
  }
}
