package io.aurum.core.alert;

import java.time.Instant;
import java.util.EnumSet;
import java.util.Set;

/**
 * The state of one rule's alert, kept in the store: its episode (one per PENDING → RESOLVED run,
 * which makes the dedup key), the figure and threshold last seen, when it went pending, fired and
 * resolved, and which channels were told it fired.
 */
public record Alert(
    long ruleId,
    long episode,
    AlertState state,
    double value,
    double threshold,
    Instant pendingSince,
    Instant firingAt,
    Instant resolvedAt,
    Set<Channel> notified,
    String summary) {

  public Alert {
    notified = notified.isEmpty() ? EnumSet.noneOf(Channel.class) : EnumSet.copyOf(notified);
  }

  /** The key that ties a trigger to its resolve at PagerDuty and in the history. */
  public String dedupKey() {
    return "aurum-alert-" + ruleId + "-" + episode;
  }

  Alert with(AlertState s, Instant firing, Instant resolved, Set<Channel> told) {
    return new Alert(
        ruleId, episode, s, value, threshold, pendingSince, firing, resolved, told, summary);
  }

  Alert seen(double v, double t, String s) {
    return new Alert(ruleId, episode, state, v, t, pendingSince, firingAt, resolvedAt, notified, s);
  }
}
