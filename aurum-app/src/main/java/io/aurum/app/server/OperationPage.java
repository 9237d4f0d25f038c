package io.aurum.app.server;

import static io.aurum.app.server.ConsolePage.esc;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.aurum.core.model.Operation;
import io.aurum.core.model.Task;
import io.aurum.core.model.TaskState;
import io.javalin.http.Context;
import java.util.EnumSet;
import java.util.List;

/**
 * One operation: its progress (live, through its event stream), pause, resume and cancel
 * (operator), the partition grid and its tasks.
 */
final class OperationPage {
  static final int TASKS_SHOWN = 200;

  private OperationPage() {}

  static void render(Api api, Context ctx) {
    Operation op = api.runs().service().get(ctx.pathParam("id"));
    ObjectNode row = api.feed().row(op);
    StringBuilder b = new StringBuilder();
    b.append("<section class=\"card\" id=\"op\" data-id=\"")
        .append(esc(op.id()))
        .append("\" data-stream=\"/api/operations/")
        .append(esc(op.id()))
        .append("/events\"><dl class=\"facts\"><dt>Type</dt><dd>")
        .append(esc(row.get("type").asText()))
        .append("</dd><dt>Source</dt><dd>")
        .append(esc(row.get("source").asText()))
        .append("</dd><dt>State</dt><dd class=\"state\">")
        .append(esc(row.get("state").asText()))
        .append("</dd><dt>Progress</dt><dd>")
        .append(bar(row))
        .append("</dd></dl>");
    if (ConsolePage.operator(ctx)) {
      b.append("<div class=\"controls\" role=\"group\" aria-label=\"Control the operation\">")
          .append("<button type=\"button\" data-action=\"pause\">Pause</button>")
          .append("<button type=\"button\" data-action=\"resume\">Resume</button>")
          .append("<button type=\"button\" data-action=\"cancel\">Cancel</button>")
          .append("<p class=\"error\" role=\"alert\" id=\"control-error\"></p></div>");
    }
    b.append("<p><a href=\"/console/quality?operation_id=")
        .append(esc(op.id()))
        .append("\">Quality results of this operation</a></p></section>");
    List<Task> tasks = api.app().store().tasks().list(op.id(), EnumSet.allOf(TaskState.class));
    b.append(PartitionGrid.render(tasks, api.app().store().versions().versionsOf(op.id())));
    b.append("<section aria-labelledby=\"tasks-h\"><h2 id=\"tasks-h\">Tasks</h2><table><thead>")
        .append("<tr><th scope=\"col\">Partition</th><th scope=\"col\">State</th>")
        .append(
            "<th scope=\"col\">Attempts</th><th scope=\"col\">Last error</th></tr></thead><tbody>");
    tasks.stream()
        .limit(TASKS_SHOWN)
        .forEach(
            t ->
                b.append("<tr><td>")
                    .append(esc(t.partition().toString()))
                    .append("</td><td>")
                    .append(esc(t.state().name().toLowerCase(java.util.Locale.ROOT)))
                    .append("</td><td>")
                    .append(t.attempts())
                    .append("</td><td>")
                    .append(esc(t.lastError()))
                    .append("</td></tr>"));
    b.append("</tbody></table>");
    if (tasks.size() > TASKS_SHOWN) {
      b.append("<p>First ")
          .append(TASKS_SHOWN)
          .append(" of ")
          .append(tasks.size())
          .append(" tasks; all of them: <code>GET /api/operations/")
          .append(esc(op.id()))
          .append("/tasks</code></p>");
    }
    b.append("</section>");
    ConsolePage.answer(ctx, "Operation " + op.id(), b.toString());
  }

  /** A progress bar with its figure in text, which the event streams update. */
  static String bar(ObjectNode row) {
    double value = row.get("percent").asDouble();
    String pct = value == Math.rint(value) ? Long.toString((long) value) : Double.toString(value);
    return "<progress class=\"bar\" max=\"100\" value=\""
        + pct
        + "\" aria-label=\"Progress\"></progress> <span class=\"pct\">"
        + pct
        + " %</span> <span class=\"count\">("
        + row.get("done").asInt()
        + " of "
        + row.get("tasks").asInt()
        + " partitions)</span>";
  }

  /** One row of the operations table. */
  static String row(String id, ObjectNode row) {
    return "<tr data-id=\""
        + esc(id)
        + "\"><td><a href=\"/console/operations/"
        + esc(id)
        + "\">"
        + esc(id)
        + "</a></td><td>"
        + esc(row.get("type").asText())
        + "</td><td>"
        + esc(row.get("source").asText())
        + "</td><td class=\"state\">"
        + esc(row.get("state").asText())
        + "</td><td>"
        + bar(row)
        + "</td></tr>";
  }
}
