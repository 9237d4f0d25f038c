package io.aurum.app.server;

import static io.aurum.app.server.CommandRoutes.read;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.aurum.core.error.AurumException;
import io.aurum.core.model.Role;
import io.aurum.core.port.AuditLog;
import io.javalin.http.Context;
import java.util.List;

/**
 * Read-only views beside operations (viewer): gaps, coverage, an operation's validation, conflicts,
 * the audit trail (paged), quotas, source health (circuit breakers), costs, alerts and the
 * emergency status. Each is the document the command prints with {@code --format json}.
 */
final class ReadRoutes {
  private static final String[] SCOPE = {"source", "datasets", "start_date", "end_date", "days"};

  private ReadRoutes() {}

  static List<Route> routes(Api api) {
    Role v = Role.VIEWER;
    return List.of(
        read(api, "/api/gaps", v, "Missing and incomplete partitions (aurum gaps)", "gaps", SCOPE),
        read(
            api,
            "/api/coverage",
            v,
            "Coverage per dataset (aurum coverage)",
            "coverage",
            "source",
            "datasets",
            "start_date",
            "end_date",
            "days",
            "monthly"),
        read(
            api,
            "/api/operations/{id}/validation",
            v,
            "An operation's validation (aurum validate operation)",
            "validate operation --job-id {id}",
            "validation_checks"),
        read(
            api,
            "/api/conflicts",
            v,
            "Value conflicts of a day (aurum conflicts detect)",
            "conflicts detect",
            "source",
            "date",
            "hours",
            "datasets"),
        Route.get(
            "/api/audit", v, ctx -> audit(api, ctx), "The audit trail, paged (aurum audit log)"),
        read(
            api,
            "/api/quotas",
            v,
            "Quota configuration checks (aurum quotas validate)",
            "quotas validate"),
        read(
            api,
            "/api/health/sources",
            v,
            "Sources' health and circuit breakers (aurum health sources)",
            "health sources",
            "source"),
        read(
            api,
            "/api/costs",
            v,
            "Costs by group (aurum costs report)",
            "costs report",
            "time_range",
            "group_by"),
        read(
            api,
            "/api/alerts",
            v,
            "Alert rules and their states (aurum alerts list)",
            "alerts list"),
        read(
            api,
            "/api/alerts/history",
            v,
            "Alert history (aurum alerts history)",
            "alerts history",
            "limit"),
        read(
            api,
            "/api/emergency",
            v,
            "Emergencies in force (aurum emergency status)",
            "emergency status",
            "all"));
  }

  /** {@code aurum audit log}'s rows, newest last, {@code limit} at a time after {@code cursor}. */
  private static void audit(Api api, Context ctx) {
    String op = ctx.queryParam("operation_id");
    if (op != null) {
      api.runs().service().get(op);
    }
    long after = 0;
    String cursor = ctx.queryParam("cursor");
    if (cursor != null) {
      try {
        after = Long.parseLong(cursor);
      } catch (NumberFormatException e) {
        throw new AurumException.BadInput(
            "cursor '" + cursor + "' is not one this API gave: use next_cursor of the last page");
      }
    }
    int limit = Query.limit(ctx);
    ObjectNode page = Json.MAPPER.createObjectNode();
    ArrayNode rows = page.putArray("entries");
    Long next = null;
    for (AuditLog.Entry e : api.app().store().audit().entries(op)) {
      if (e.seq() <= after) {
        continue;
      }
      if (rows.size() == limit) {
        next = rows.get(rows.size() - 1).get("seq").asLong();
        break;
      }
      rows.addObject()
          .put("seq", e.seq())
          .put("at", e.at().toString())
          .put("actor", e.actor())
          .put("operation_id", e.operationId())
          .put("action", e.action())
          .put("detail", e.detail());
    }
    page.put("next_cursor", next == null ? null : next.toString());
    Json.answer(ctx, page);
  }
}
