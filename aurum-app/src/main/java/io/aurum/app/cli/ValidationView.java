package io.aurum.app.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.aurum.core.analysis.ValidationResult;
import java.io.PrintWriter;
import java.util.Locale;

/** The rendering of a {@link ValidationResult}: a table, a json document or the findings' rows. */
final class ValidationView {
  private ValidationView() {}

  /** Prints {@code r} in {@code format}; a table shows at most {@code maxFindings} findings. */
  static void render(ValidationResult r, String format, int maxFindings, PrintWriter out) {
    if (format.equals("json")) {
      ObjectNode n = Output.tree(r);
      n.put("verdict", Output.name(r.verdict()));
      Output.json(n, out);
    } else if (!format.equals("table")) {
      // The rows are the findings; the verdict is the exit code (and the json document).
      Render.Table t = Render.Table.of("dataset", "period", "check", "message");
      r.findings().forEach(f -> t.row(f.dataset(), f.period(), f.check(), f.message()));
      Render.print(format, t, out);
    } else {
      table(r, maxFindings, out);
    }
  }

  private static void table(ValidationResult r, int maxFindings, PrintWriter out) {
    int shown = 0;
    for (ValidationResult.Finding f : r.findings()) {
      if (shown++ >= maxFindings) {
        out.printf("… %d more finding(s) (use --format json)%n", r.findings().size() - maxFindings);
        break;
      }
      out.printf(
          "%-12s %-10s %-13s %s%n",
          f.dataset() == null ? "-" : f.dataset(),
          f.period() == null ? "-" : f.period(),
          f.check(),
          f.message());
    }
    r.notes().forEach((k, v) -> out.printf("%s: %s%n", k, v));
    out.printf(
        Locale.ROOT,
        "%s %s: %d checked, %d finding(s), score %.4f (threshold %.4f)%n",
        r.validation(),
        Output.name(r.verdict()),
        r.checked(),
        r.findings().size(),
        r.score(),
        r.threshold());
    out.flush();
  }
}
