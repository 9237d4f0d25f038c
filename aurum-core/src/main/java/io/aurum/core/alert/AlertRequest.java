package io.aurum.core.alert;

import io.aurum.core.error.AurumException;
import io.aurum.core.model.OperationType;
import io.aurum.core.model.SourceId;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A request to configure alerts, checked whole before anything is stored: thresholds as {@code
 * metric:number,...}, channels as {@code slack,pagerduty,email}, an escalation policy, and an
 * optional scope (one source, one operation type).
 */
public record AlertRequest(
    Map<AlertMetric, Double> thresholds,
    List<Channel> channels,
    EscalationPolicy policy,
    String scopeSource,
    String scopeType,
    Duration window,
    Duration pendingFor,
    Duration escalateAfter) {

  public static final Duration DEFAULT_WINDOW = Duration.ofMinutes(5);
  public static final Duration DEFAULT_PENDING_FOR = Duration.ofMinutes(1);
  public static final Duration DEFAULT_ESCALATE_AFTER = Duration.ofMinutes(15);

  /** Parses and checks the texts as given; each problem is a one-line BadInput. */
  public static AlertRequest parse(
      String thresholds,
      String channels,
      String policy,
      String source,
      String type,
      Duration window,
      Duration pendingFor,
      Duration escalateAfter) {
    if (window.isZero() || window.isNegative()) {
      throw new AurumException.BadInput(
          v -> v.name("window") + " must be longer than 0 s, e.g. 5m");
    }
    if (escalateAfter.isZero() || escalateAfter.isNegative()) {
      throw new AurumException.BadInput(
          v -> v.name("escalate_after") + " must be longer than 0 s, e.g. 15m");
    }
    EscalationPolicy p =
        EscalationPolicy.of(policy == null ? "immediate_escalation" : policy)
            .orElseThrow(
                () ->
                    new AurumException.BadInput(
                        v ->
                            "unknown "
                                + v.name("escalation_policy")
                                + " '"
                                + policy
                                + "': use immediate_escalation or tiered"));
    String src = source == null ? null : SourceId.parse(source).cliName();
    return new AlertRequest(
        thresholds(thresholds),
        channels(channels),
        p,
        src,
        type == null ? null : type(type),
        window,
        pendingFor,
        escalateAfter);
  }

  static Map<AlertMetric, Double> thresholds(String text) {
    if (text == null || text.isBlank()) {
      throw new AurumException.BadInput(
          v ->
              "no "
                  + v.name("alert_thresholds")
                  + ": give them as error_rate:0.05,duration:3600,throughput:100");
    }
    Map<AlertMetric, Double> out = new EnumMap<>(AlertMetric.class);
    for (String part : text.split(",")) {
      String[] kv = part.split(":", -1);
      AlertMetric m = kv.length == 2 ? AlertMetric.of(kv[0]).orElse(null) : null;
      if (m == null) {
        throw new AurumException.BadInput(
            v ->
                v.name("alert_thresholds")
                    + ": '"
                    + part.strip()
                    + "' is not METRIC:NUMBER with METRIC error_rate, duration or throughput");
      }
      double n;
      try {
        n = Double.parseDouble(kv[1].strip());
      } catch (NumberFormatException e) {
        n = Double.NaN;
      }
      if (!(n >= 0) || Double.isInfinite(n) || (m == AlertMetric.ERROR_RATE && n > 1)) {
        throw new AurumException.BadInput(
            v ->
                v.name("alert_thresholds")
                    + ": '"
                    + part.strip()
                    + "' is not a usable number: error_rate is a fraction 0..1, duration"
                    + " seconds, throughput rows a second");
      }
      if (out.put(m, n) != null) {
        throw new AurumException.BadInput(
            v -> v.name("alert_thresholds") + ": " + m.id() + " is given twice: give each once");
      }
    }
    return out;
  }

  static List<Channel> channels(String text) {
    if (text == null || text.isBlank()) {
      throw new AurumException.BadInput(
          v -> "no " + v.name("notification_channels") + ": name them, e.g. slack,pagerduty,email");
    }
    Set<Channel> out = new LinkedHashSet<>();
    for (String part : text.split(",")) {
      out.add(
          Channel.of(part)
              .orElseThrow(
                  () ->
                      new AurumException.BadInput(
                          v ->
                              "unknown channel '"
                                  + part.strip()
                                  + "' in "
                                  + v.name("notification_channels")
                                  + ": use slack, pagerduty or email")));
    }
    return new ArrayList<>(out);
  }

  private static String type(String text) {
    String t = text.strip().toLowerCase(Locale.ROOT);
    for (OperationType o : OperationType.values()) {
      if (o.name().toLowerCase(Locale.ROOT).equals(t)) {
        return t;
      }
    }
    throw new AurumException.BadInput(
        v ->
            "unknown operation "
                + v.name("type")
                + " '"
                + text
                + "': use backfill, replay, partial or recovery");
  }

  /** The rules this request stores, one per metric, without ids yet. */
  public List<AlertRule> rules(String actor) {
    List<AlertRule> out = new ArrayList<>();
    thresholds.forEach(
        (m, t) ->
            out.add(
                new AlertRule(
                    0,
                    m,
                    t,
                    scopeSource,
                    scopeType,
                    window,
                    pendingFor,
                    channels,
                    policy,
                    escalateAfter,
                    actor,
                    null)));
    return out;
  }
}
