package io.aurum.app.server;

import static io.aurum.app.server.ConsolePage.esc;

import io.aurum.core.model.PartitionKey;
import io.aurum.core.model.PartitionVersion;
import io.aurum.core.model.Task;
import io.aurum.core.model.VersionState;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * An operation's partitions as a grid, day by dataset, each cell coloured by its state and labelled
 * with it in text (a letter, and the state in the cell's title and accessible name), so that the
 * grid reads without colour: published, running, failed, pending, conflict, quarantined, skipped,
 * cancelled.
 */
final class PartitionGrid {
  /** States in the legend's order, with the letter a cell shows. */
  static final Map<String, String> LEGEND = new java.util.LinkedHashMap<>();

  static {
    LEGEND.put("published", "P");
    LEGEND.put("running", "R");
    LEGEND.put("failed", "F");
    LEGEND.put("pending", "·");
    LEGEND.put("conflict", "C");
    LEGEND.put("quarantined", "Q");
    LEGEND.put("skipped", "S");
    LEGEND.put("cancelled", "X");
  }

  private PartitionGrid() {}

  /** The state a partition's cell shows: its version's quarantine or its task's state. */
  static String state(Task t, Map<Long, VersionState> versions) {
    VersionState v = t.versionId() == null ? null : versions.get(t.versionId());
    if (v == VersionState.QUARANTINED) {
      return "quarantined";
    }
    String err = t.lastError() == null ? "" : t.lastError().toLowerCase(Locale.ROOT);
    return switch (t.state()) {
      case SUCCEEDED -> "published";
      case RUNNING -> "running";
      case FAILED -> err.contains("conflict") ? "conflict" : "failed";
      case PENDING -> "pending";
      case SKIPPED -> "skipped";
      case CANCELLED -> "cancelled";
    };
  }

  static String render(List<Task> tasks, List<PartitionVersion> versions) {
    Map<Long, VersionState> byId = new HashMap<>();
    versions.forEach(v -> byId.put(v.id(), v.state()));
    Map<String, Map<LocalDate, String>> grid = new TreeMap<>();
    TreeSet<LocalDate> days = new TreeSet<>();
    for (Task t : tasks) {
      PartitionKey k = t.partition();
      grid.computeIfAbsent(k.dataset(), d -> new HashMap<>()).put(k.period(), state(t, byId));
      days.add(k.period());
    }
    StringBuilder b = new StringBuilder();
    b.append("<section aria-labelledby=\"grid-h\"><h2 id=\"grid-h\">Partitions</h2>")
        .append("<ul class=\"legend\" aria-label=\"Legend\">");
    LEGEND.forEach(
        (s, letter) ->
            b.append("<li><span class=\"cell s-")
                .append(s)
                .append("\" aria-hidden=\"true\">")
                .append(letter)
                .append("</span> ")
                .append(s)
                .append("</li>"));
    b.append("</ul><div class=\"grid-wrap\"><table class=\"grid\" id=\"partition-grid\">")
        .append("<caption>Partitions by day (columns) and dataset (rows)</caption><thead><tr>")
        .append("<th scope=\"col\">Dataset</th>");
    for (LocalDate d : days) {
      b.append("<th scope=\"col\" title=\"").append(d).append("\">");
      b.append(d.getDayOfMonth() == 1 || d.equals(days.first()) ? d.toString() : d.getDayOfMonth());
      b.append("</th>");
    }
    b.append("</tr></thead><tbody>");
    grid.forEach(
        (dataset, cells) -> {
          b.append("<tr><th scope=\"row\">").append(esc(dataset)).append("</th>");
          for (LocalDate d : days) {
            String s = cells.get(d);
            if (s == null) {
              b.append("<td></td>");
            } else {
              b.append("<td class=\"cell s-")
                  .append(s)
                  .append("\" title=\"")
                  .append(esc(dataset))
                  .append(' ')
                  .append(d)
                  .append(": ")
                  .append(s)
                  .append("\"><span aria-hidden=\"true\">")
                  .append(LEGEND.get(s))
                  .append("</span><span class=\"visually-hidden\">")
                  .append(s)
                  .append("</span></td>");
            }
          }
          b.append("</tr>");
        });
    b.append("</tbody></table></div></section>");
    return b.toString();
  }
}
