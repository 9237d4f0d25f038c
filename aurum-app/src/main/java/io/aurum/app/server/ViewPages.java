package io.aurum.app.server;

import static io.aurum.app.server.ConsolePage.esc;

import io.aurum.core.model.SourceId;
import io.javalin.http.Context;

/**
 * The console's read-only pages. Each is a frame whose script reads the matching API route with the
 * session and renders it (the API's documents are the commands' JSON): the gap calendar, quotas (a
 * chart of requests, 429s and headroom per minute), quality results, costs, alerts and the audit
 * trail, paged.
 */
final class ViewPages {
  private ViewPages() {}

  static void gaps(Context ctx) {
    String source = source(ctx);
    String days = ctx.queryParamAsClass("days", Integer.class).getOrDefault(60).toString();
    ConsolePage.answer(
        ctx,
        "Gap calendar",
        sourcePicker(
                "/console/gaps",
                source,
                "<label for=\"days\">Days</label><input id=\"days\""
                    + " name=\"days\" type=\"number\" min=\"1\" max=\"3660\" value=\""
                    + esc(days)
                    + "\">")
            + "<ul class=\"legend\" aria-label=\"Legend\"><li><span class=\"cell s-published\""
            + " aria-hidden=\"true\">P</span> present</li><li><span class=\"cell s-failed\""
            + " aria-hidden=\"true\">M</span> missing</li><li><span class=\"cell s-conflict\""
            + " aria-hidden=\"true\">I</span> incomplete</li></ul>"
            + "<div id=\"view\" data-view=\"gaps\" data-url=\"/api/gaps?source="
            + esc(source)
            + "&amp;days="
            + esc(days)
            + "\" aria-live=\"polite\"></div>");
  }

  static void quotas(Context ctx) {
    String source = source(ctx);
    ConsolePage.answer(
        ctx,
        "Quotas",
        sourcePicker("/console/quotas", source, "")
            + "<figure><div id=\"quota-chart\" data-url=\"/api/quotas/history?source="
            + esc(source)
            + "\"></div><figcaption>Requests, 429 answers and the lowest quota headroom seen, per"
            + " minute over the last 24 hours (the metrics history).</figcaption></figure>"
            + "<h2>Quota configuration</h2><div id=\"view\" data-view=\"table\""
            + " data-url=\"/api/quotas\"></div>");
  }

  static void quality(Context ctx) {
    String op = ctx.queryParam("operation_id");
    String body =
        "<form method=\"get\" class=\"inline\"><label for=\"operation_id\">Operation</label>"
            + "<input id=\"operation_id\" name=\"operation_id\" value=\""
            + esc(op)
            + "\" required><button type=\"submit\">Show</button></form>";
    if (op != null && !op.isBlank()) {
      body +=
          "<div id=\"view\" data-view=\"table\" data-url=\"/api/operations/"
              + esc(op)
              + "/validation\"></div>";
    } else {
      body += "<p>Name an operation, or open one from the operations list.</p>";
    }
    ConsolePage.answer(ctx, "Quality results", body);
  }

  static void costs(Context ctx) {
    ConsolePage.answer(
        ctx,
        "Costs",
        "<div id=\"view\" data-view=\"table\" data-url=\"/api/costs?group_by=source\"></div>");
  }

  static void alerts(Context ctx) {
    ConsolePage.answer(
        ctx,
        "Alerts",
        "<h2>Rules</h2><div id=\"view\" data-view=\"table\" data-url=\"/api/alerts\"></div>"
            + "<h2>History</h2><div class=\"view\" data-view=\"table\""
            + " data-url=\"/api/alerts/history?limit=50\"></div>");
  }

  static void audit(Context ctx) {
    ConsolePage.answer(
        ctx,
        "Audit trail",
        "<div id=\"view\" data-view=\"audit\" data-url=\"/api/audit?limit=50\"></div>"
            + "<button type=\"button\" id=\"more\" hidden>Next page</button>");
  }

  private static String source(Context ctx) {
    String s = ctx.queryParam("source");
    return SourceId.parse(s == null || s.isBlank() ? SourceId.values()[0].cliName() : s).cliName();
  }

  private static String sourcePicker(String action, String source, String extra) {
    StringBuilder b = new StringBuilder();
    b.append("<form method=\"get\" action=\"")
        .append(action)
        .append("\" class=\"inline\"><label for=\"source\">Source</label>")
        .append("<select id=\"source\" name=\"source\">");
    for (SourceId s : SourceId.values()) {
      b.append("<option")
          .append(s.cliName().equals(source) ? " selected>" : ">")
          .append(s.cliName())
          .append("</option>");
    }
    return b.append("</select>")
        .append(extra)
        .append("<button type=\"submit\">Show</button></form>")
        .toString();
  }
}
