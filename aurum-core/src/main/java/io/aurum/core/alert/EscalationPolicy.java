package io.aurum.core.alert;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Who hears of a firing alert, and when: IMMEDIATE_ESCALATION tells every channel of the rule at
 * once; TIERED tells them one after the other in {@link Channel} order (slack, pagerduty, email),
 * the next one each {@code step} the alert stays unresolved.
 */
public enum EscalationPolicy {
  IMMEDIATE_ESCALATION,
  TIERED;

  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Optional<EscalationPolicy> of(String id) {
    for (EscalationPolicy p : values()) {
      if (p.id().equals(id.trim().toLowerCase(Locale.ROOT))) {
        return Optional.of(p);
      }
    }
    return Optional.empty();
  }

  /** The channels due by {@code now} for an alert firing since {@code firingAt}, in order. */
  public List<Channel> due(List<Channel> channels, Instant firingAt, Duration step, Instant now) {
    List<Channel> ordered = channels.stream().sorted().toList();
    if (this == IMMEDIATE_ESCALATION) {
      return ordered;
    }
    List<Channel> out = new ArrayList<>();
    for (int tier = 0; tier < ordered.size(); tier++) {
      if (!now.isBefore(firingAt.plus(step.multipliedBy(tier)))) {
        out.add(ordered.get(tier));
      }
    }
    return out;
  }
}
