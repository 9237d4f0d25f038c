package io.aurum.core.alert;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The alert state machine as pure logic: given a rule's alert, whether the rule is breached now and
 * the time, the next state and the channels to notify. Stateless; thread-safe.
 */
final class AlertTransitions {
  private AlertTransitions() {}

  /** The next alert (null: nothing to keep) and the notices due, to channels not yet told. */
  record Step(Alert next, List<Channel> trigger, List<Channel> resolve) {}

  static Step step(
      Alert current, AlertRule rule, Double value, double threshold, String summary, Instant now) {
    boolean breached = value != null && rule.metric().breached(value, threshold);
    double v = value == null ? 0 : value;
    Alert a = current;
    if (breached) {
      if (a == null || a.state() == AlertState.RESOLVED) {
        long episode = a == null ? 1 : a.episode() + 1;
        a =
            new Alert(
                rule.id(),
                episode,
                AlertState.PENDING,
                v,
                threshold,
                now,
                null,
                null,
                java.util.Set.of(),
                summary);
      }
      a = a.seen(v, threshold, summary);
      if (a.state() == AlertState.PENDING
          && !now.isBefore(a.pendingSince().plus(rule.pendingFor()))) {
        a = move(a, AlertState.FIRING, now, null);
      }
      List<Channel> due = new ArrayList<>();
      if (a.state() == AlertState.FIRING) {
        for (Channel c :
            rule.policy().due(rule.channels(), a.firingAt(), rule.escalateAfter(), now)) {
          if (!a.notified().contains(c)) {
            due.add(c);
          }
        }
      }
      return new Step(a, due, List.of());
    }
    if (a == null || a.state() == AlertState.RESOLVED) {
      return new Step(a, List.of(), List.of());
    }
    List<Channel> told = a.notified().stream().sorted().toList();
    a = move(a.seen(v, threshold, summary), AlertState.RESOLVED, a.firingAt(), now);
    return new Step(a, List.of(), told);
  }

  private static Alert move(Alert a, AlertState to, Instant firing, Instant resolved) {
    if (!a.state().canMoveTo(to)) {
      throw new IllegalStateException("alert " + a.dedupKey() + ": " + a.state() + " -> " + to);
    }
    return a.with(to, firing, resolved, a.notified());
  }
}
