package io.aurum.app.cli;

import io.aurum.core.engine.EmergencyCheck;
import io.aurum.core.port.EmergencyRepository.Emergency;
import io.aurum.core.usecase.Emergencies;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.List;

/** How the emergency commands show what they did. */
final class EmergencyViews {
  private EmergencyViews() {}

  static void declared(Emergencies.Declared d, PrintWriter out) {
    String kind = d.kind().name().toLowerCase(java.util.Locale.ROOT);
    if (d.dryRun()) {
      out.printf("dry run: would declare emergency %s (%s)%n", kind, d.scope());
      out.printf("would pause %d operation(s): %s%n", d.paused().size(), list(d.paused()));
    } else {
      out.printf("emergency %s #%d declared (%s)%n", kind, d.id(), d.scope());
      out.printf(
          "paused %d operation(s) at their next page boundary: %s%n",
          d.paused().size(), list(d.paused()));
    }
    out.flush();
  }

  static void released(Emergencies.Released r, PrintWriter out) {
    String verb = r.dryRun() ? "would release" : "released";
    for (Emergency e : r.ended()) {
      out.printf(
          "%s%s emergency %s #%d (%s)%n",
          r.dryRun() ? "dry run: " : "",
          verb,
          e.kind().name().toLowerCase(java.util.Locale.ROOT),
          e.id(),
          e.scope());
    }
    out.printf(
        "%s %d operation(s) it paused: %s%n",
        r.dryRun() ? "would resume" : "to resume", r.toResume().size(), list(r.toResume()));
    out.flush();
  }

  static Render.Table table(List<Emergency> shown, Instant now) {
    Render.Table t =
        Render.Table.of(
            "id",
            "kind",
            "scope",
            "state",
            "level",
            "include_critical",
            "isolate_kafka",
            "reason",
            "actor",
            "declared_at",
            "expires_at",
            "paused",
            "release");
    for (Emergency e : shown) {
      String state =
          e.releasedAt() != null
              ? "released " + e.releasedAt() + " by " + e.releasedBy()
              : e.active(now) ? "active" : "expired";
      t.row(
          e.id(),
          Output.name(e.kind()),
          e.scope(),
          state,
          e.level(),
          e.includeCritical(),
          e.isolateKafka(),
          e.reason(),
          e.actor(),
          e.declaredAt().toString(),
          e.expiresAt() == null ? null : e.expiresAt().toString(),
          String.join(" ", e.paused()),
          e.active(now) ? CliVocabulary.INSTANCE.step(EmergencyCheck.releaseStep(e)) : null);
    }
    return t;
  }

  private static String list(List<String> ids) {
    return ids.isEmpty() ? "none" : String.join(", ", ids);
  }
}
