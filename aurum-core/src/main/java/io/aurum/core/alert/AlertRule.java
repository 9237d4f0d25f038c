package io.aurum.core.alert;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * One stored alert rule: a metric, its threshold and scope (every source and operation type, or one
 * source, or one operation type), how it is measured ({@code window}, and how long a breach must
 * last, {@code pendingFor}), and who hears of it. Ids are given by the store.
 */
public record AlertRule(
    long id,
    AlertMetric metric,
    double threshold,
    String scopeSource,
    String scopeType,
    Duration window,
    Duration pendingFor,
    List<Channel> channels,
    EscalationPolicy policy,
    Duration escalateAfter,
    String actor,
    Instant createdAt) {

  public AlertRule {
    channels = List.copyOf(channels);
  }

  /** The scope as shown: {@code all}, {@code source eia} or {@code type backfill}. */
  public String scope() {
    if (scopeSource != null) {
      return "source " + scopeSource + (scopeType != null ? ", type " + scopeType : "");
    }
    return scopeType != null ? "type " + scopeType : "all";
  }

  /** Whether {@code other} watches the same metric in the same scope (then it replaces this). */
  public boolean sameTarget(AlertRule other) {
    return metric == other.metric
        && java.util.Objects.equals(scopeSource, other.scopeSource)
        && java.util.Objects.equals(scopeType, other.scopeType);
  }

  /** The same rule with the id the store gave it. */
  public AlertRule withId(long newId, Instant at) {
    return new AlertRule(
        newId,
        metric,
        threshold,
        scopeSource,
        scopeType,
        window,
        pendingFor,
        channels,
        policy,
        escalateAfter,
        actor,
        at);
  }
}
