package io.aurum.app.server;

import static io.aurum.app.server.ConsolePage.esc;

import io.aurum.core.model.Operation;
import io.aurum.core.model.SourceId;
import io.javalin.http.Context;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

/**
 * The console's first page: operations with live progress bars (the {@code operations} event stream
 * updates them), a form to start a backfill (operator) and the emergency stop (admin, which asks
 * for a reason and a confirmation).
 */
final class HomePage {
  static final int SHOWN = 50;

  private HomePage() {}

  static void render(Api api, Context ctx) {
    StringBuilder b = new StringBuilder();
    if (ConsolePage.admin(ctx)) {
      b.append("<section aria-labelledby=\"stop-h\" class=\"card danger\"><h2 id=\"stop-h\">")
          .append("Emergency stop</h2><p>Pauses every running operation and refuses new ones")
          .append(" until the emergency is released.</p><button type=\"button\" id=\"stop-open\"")
          .append(" class=\"danger\">Emergency stop…</button>")
          .append(
              "<dialog id=\"stop-dialog\" aria-labelledby=\"stop-title\"><form id=\"stop-form\">")
          .append("<h3 id=\"stop-title\">Declare an emergency</h3>")
          .append("<label for=\"stop-reason\">Reason (required)</label>")
          .append("<input id=\"stop-reason\" name=\"reason\" required minlength=\"3\">")
          .append("<label class=\"check\"><input type=\"checkbox\" id=\"stop-confirm\" required>")
          .append(" I confirm: stop all operations now</label>")
          .append("<button type=\"submit\" class=\"danger\">Stop everything</button>")
          .append(" <button type=\"button\" id=\"stop-cancel\">Cancel</button>")
          .append(
              "<p class=\"error\" role=\"alert\" id=\"stop-error\"></p></form></dialog></section>");
    }
    if (ConsolePage.operator(ctx)) {
      b.append("<section aria-labelledby=\"start-h\" class=\"card\"><h2 id=\"start-h\">")
          .append("Start a backfill</h2><form id=\"backfill-form\" class=\"grid-form\">")
          .append(
              "<label for=\"bf-source\">Source</label><select id=\"bf-source\" name=\"source\">");
      for (SourceId s : SourceId.values()) {
        b.append("<option>").append(s.cliName()).append("</option>");
      }
      b.append("</select><label for=\"bf-datasets\">Datasets (comma-separated, empty: all)</label>")
          .append("<input id=\"bf-datasets\" name=\"datasets\">")
          .append("<label for=\"bf-start\">Start date</label>")
          .append("<input id=\"bf-start\" name=\"start_date\" type=\"date\" required>")
          .append("<label for=\"bf-end\">End date</label>")
          .append("<input id=\"bf-end\" name=\"end_date\" type=\"date\" required>")
          .append("<label for=\"bf-reason\">Reason</label><input id=\"bf-reason\" name=\"reason\">")
          .append("<label for=\"bf-concurrency\">Concurrency (empty: the default)</label>")
          .append("<input id=\"bf-concurrency\" name=\"concurrency\" type=\"number\" min=\"1\">")
          .append("<label for=\"bf-batch\">Batch size (empty: the default)</label>")
          .append("<input id=\"bf-batch\" name=\"batch_size\" type=\"number\" min=\"1\">")
          .append("<button type=\"submit\" id=\"bf-submit\">Start backfill</button>")
          .append("<p class=\"error\" role=\"alert\" id=\"bf-error\"></p></form></section>");
    }
    b.append("<section aria-labelledby=\"ops-h\"><h2 id=\"ops-h\">Operations</h2>")
        .append("<table id=\"ops\" data-stream=\"/api/events/operations\"><thead><tr>")
        .append("<th scope=\"col\">Operation</th><th scope=\"col\">Type</th>")
        .append("<th scope=\"col\">Source</th><th scope=\"col\">State</th>")
        .append("<th scope=\"col\">Progress</th></tr></thead><tbody>");
    List<Operation> ops =
        api.app().store().operations().list(Set.of()).stream()
            .sorted(Comparator.comparing(Operation::createdAt).reversed())
            .limit(SHOWN)
            .toList();
    for (Operation op : ops) {
      var row = api.feed().row(op);
      b.append(OperationPage.row(op.id(), row));
    }
    b.append("</tbody></table></section>");
    ConsolePage.answer(ctx, "Operations", b.toString());
  }

  static String attr(String s) {
    return esc(s);
  }
}
