package io.aurum.core.alert;

import io.aurum.core.engine.MonitorLevel;
import io.aurum.core.error.AurumException;
import io.aurum.core.port.AlertRepository;
import io.aurum.core.port.Store;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One evaluation of every alert rule, by whichever process holds the store's evaluation lease: the
 * figures come from the store (so a stalled operation still alerts), thresholds are tightened by
 * the monitoring level, and each rule's alert moves pending → firing → resolved with its notices
 * sent once. Any process may call it at any time; those without the lease do nothing. Not
 * thread-safe: one per evaluating thread.
 */
public final class AlertEvaluator {
  /** How long the lease outlives an evaluation when none renews it. */
  public static final Duration DEFAULT_LEASE = Duration.ofSeconds(60);

  private final Store store;
  private final Notifier notifier;
  private final Clock clock;
  private final String owner;
  private final Duration lease;

  public AlertEvaluator(Store store, Notifier notifier, Clock clock, String owner, Duration lease) {
    this.store = store;
    this.notifier = notifier;
    this.clock = clock;
    this.owner = owner;
    this.lease = lease;
  }

  /** What an evaluation did: whether this process held the lease, and the notices it sent. */
  public record Result(boolean held, List<Alert> alerts, int sent, int failed) {}

  public Result evaluate() {
    Instant now = clock.instant();
    AlertRepository repo = store.alerts();
    if (!repo.holdLease(owner, now, lease)) {
      return new Result(false, List.of(), 0, 0);
    }
    MonitorLevel level = MonitorLevel.of(store.emergencies().active(now));
    Map<Long, Alert> states = repo.alerts();
    List<Alert> out = new java.util.ArrayList<>();
    int sent = 0;
    int failed = 0;
    // Rules of one scope and window read the same figures: one read of the store for them all.
    Map<List<Object>, Figures> read = new HashMap<>();
    for (AlertRule rule : repo.rules()) {
      Figures f =
          read.computeIfAbsent(
              Arrays.asList(rule.scopeSource(), rule.scopeType(), rule.window()),
              k -> repo.figures(rule.scopeSource(), rule.scopeType(), rule.window(), now));
      Double value = f.value(rule.metric());
      double threshold = Tightening.threshold(rule, level);
      String summary = summary(rule, value, threshold, level, f);
      var step = AlertTransitions.step(states.get(rule.id()), rule, value, threshold, summary, now);
      Alert a = step.next();
      if (a == null) {
        continue;
      }
      String severity = severity(level);
      for (Channel c : step.trigger()) {
        if (send(repo, notice(c, Notice.Action.TRIGGER, a, rule, severity, now))) {
          a = a.with(a.state(), a.firingAt(), a.resolvedAt(), plus(a, c));
          sent++;
        } else {
          failed++;
        }
      }
      for (Channel c : step.resolve()) {
        if (send(repo, notice(c, Notice.Action.RESOLVE, a, rule, "info", now))) {
          sent++;
        } else {
          failed++;
        }
      }
      if (!a.equals(states.get(rule.id()))) {
        repo.save(a);
      }
      out.add(a);
    }
    return new Result(true, out, sent, failed);
  }

  /**
   * The severity of a firing notice at a monitoring level: {@code error}, or {@code critical} while
   * the level is raised.
   */
  public static String severity(MonitorLevel level) {
    return level == MonitorLevel.NORMAL ? "error" : "critical";
  }

  /**
   * How many alerts fire now, by rule metric and severity, as the store holds them (whichever
   * process evaluated last): every metric of a configured rule has both severities, zero included.
   */
  public static Map<String, Map<String, Integer>> firing(Store store, Instant now) {
    AlertRepository repo = store.alerts();
    String severity = severity(MonitorLevel.of(store.emergencies().active(now)));
    Map<Long, Alert> states = repo.alerts();
    Map<String, Map<String, Integer>> out = new java.util.TreeMap<>();
    for (AlertRule rule : repo.rules()) {
      Map<String, Integer> bySeverity =
          out.computeIfAbsent(
              rule.metric().id(), m -> new java.util.TreeMap<>(Map.of("error", 0, "critical", 0)));
      Alert a = states.get(rule.id());
      if (a != null && a.state() == AlertState.FIRING) {
        bySeverity.merge(severity, 1, Integer::sum);
      }
    }
    return out;
  }

  /** Gives the lease up, so another process takes over at once (at the end of a run). */
  public void stop() {
    store.alerts().releaseLease(owner);
  }

  private boolean send(AlertRepository repo, Notice n) {
    try {
      notifier.send(n);
      repo.recordNotice(n, true, null);
      return true;
    } catch (AurumException e) {
      repo.recordNotice(n, false, e.getMessage());
      return false;
    }
  }

  private static java.util.Set<Channel> plus(Alert a, Channel c) {
    var s = java.util.EnumSet.noneOf(Channel.class);
    s.addAll(a.notified());
    s.add(c);
    return s;
  }

  private static Notice notice(
      Channel c, Notice.Action action, Alert a, AlertRule r, String severity, Instant now) {
    String text = (action == Notice.Action.RESOLVE ? "RESOLVED: " : "FIRING: ") + a.summary();
    return new Notice(
        c, action, a.dedupKey(), r.id(), r.metric().id(), r.scope(), text, severity, now);
  }

  static String summary(
      AlertRule rule, Double value, double threshold, MonitorLevel level, Figures f) {
    StringBuilder s = new StringBuilder().append("Aurum ").append(rule.metric().id());
    if (value == null) {
      s.append(": nothing to measure, threshold ");
    } else {
      s.append(' ')
          .append(number(value))
          .append(' ')
          .append(rule.metric().comparison())
          .append(' ');
    }
    s.append(number(threshold))
        .append(" (")
        .append(rule.scope())
        .append(", window ")
        .append(rule.window().toSeconds())
        .append(" s");
    if (level != MonitorLevel.NORMAL) {
      s.append(", monitoring ").append(level.name().toLowerCase(Locale.ROOT));
    }
    s.append(')');
    if (rule.metric() != AlertMetric.ERROR_RATE && !f.running().isEmpty()) {
      s.append(" running: ");
      s.append(
          String.join(
              ", ", f.running().stream().map(Figures.Running::operationId).limit(5).toList()));
    }
    return s.toString();
  }

  private static String number(double v) {
    return v == Math.rint(v) && Math.abs(v) < 1e15
        ? Long.toString((long) v)
        : String.format(Locale.ROOT, "%.3f", v);
  }
}
