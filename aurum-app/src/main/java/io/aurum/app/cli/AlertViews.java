package io.aurum.app.cli;

import io.aurum.core.alert.AlertRule;
import io.aurum.core.alert.Alerts;
import io.aurum.core.alert.Channel;
import io.aurum.core.port.AlertRepository.NoticeRow;
import java.util.List;
import java.util.stream.Collectors;

/** How the alert commands show rules, their state and the notices sent. */
final class AlertViews {
  private AlertViews() {}

  static String describe(AlertRule r) {
    return String.format(
        java.util.Locale.ROOT,
        "%s %s %s (%s), window %d s, for %d s, to %s (%s%s)",
        r.metric().id(),
        r.metric().comparison(),
        Render.text(r.threshold()),
        r.scope(),
        r.window().toSeconds(),
        r.pendingFor().toSeconds(),
        channels(r.channels()),
        r.policy().id(),
        r.policy() == io.aurum.core.alert.EscalationPolicy.TIERED
            ? ", next channel every " + r.escalateAfter().toSeconds() + " s"
            : "");
  }

  private static String channels(List<Channel> cs) {
    return cs.stream().map(Channel::id).collect(Collectors.joining(","));
  }

  static Render.Table rules(List<Alerts.Listed> listed) {
    Render.Table t =
        Render.Table.of(
            "id",
            "metric",
            "threshold",
            "scope",
            "window_seconds",
            "for_seconds",
            "channels",
            "policy",
            "escalate_after_seconds",
            "state",
            "value",
            "since",
            "notified",
            "summary");
    for (Alerts.Listed l : listed) {
      AlertRule r = l.rule();
      var a = l.alert();
      t.row(
          r.id(),
          r.metric().id(),
          r.threshold(),
          r.scope(),
          r.window().toSeconds(),
          r.pendingFor().toSeconds(),
          channels(r.channels()),
          r.policy().id(),
          r.escalateAfter().toSeconds(),
          a == null ? "inactive" : a.state().id(),
          a == null ? null : a.value(),
          a == null ? null : since(a).toString(),
          a == null ? "" : channels(a.notified().stream().sorted().toList()),
          a == null ? null : a.summary());
    }
    return t;
  }

  private static java.time.Instant since(io.aurum.core.alert.Alert a) {
    return switch (a.state()) {
      case PENDING -> a.pendingSince();
      case FIRING -> a.firingAt();
      case RESOLVED -> a.resolvedAt();
    };
  }

  static Render.Table history(List<NoticeRow> rows) {
    Render.Table t =
        Render.Table.of(
            "id", "at", "rule", "dedup_key", "channel", "action", "sent", "summary", "detail");
    for (NoticeRow n : rows) {
      t.row(
          n.id(),
          n.at().toString(),
          n.ruleId(),
          n.dedupKey(),
          n.channel(),
          n.action(),
          n.sent(),
          n.summary(),
          n.detail());
    }
    return t;
  }
}
