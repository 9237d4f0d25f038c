package io.aurum.app.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.aurum.app.wiring.AppContext;
import io.aurum.core.analysis.GapAnalysis;
import java.io.PrintWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code aurum gaps}: missing and incomplete partitions with the watermark (runbook §1.3.2). */
@Command(
    name = "gaps",
    mixinStandardHelpOptions = true,
    description =
        "Missing and incomplete partitions per dataset, merged into ranges, with the watermark.")
public final class GapsCommand extends Tool {
  @Mixin ScopeOptions scope;

  @Mixin FormatOption formats;

  private String format;

  public GapsCommand(CliContext cli) {
    super(cli);
  }

  @Override
  void validate() {
    format = formats.of("table", "json", "ndjson", "csv", "markdown");
  }

  @Override
  int run(AppContext app) {
    ScopeOptions.Scope s = scope.resolve("gaps", cli.clock());
    GapAnalysis.Result r =
        new GapAnalysis(store(app).versions(), app.config().catalog())
            .analyze(s.source(), s.datasets(), s.start(), s.end(), cli.clock().instant());
    PrintWriter out = cli.out();
    if (format.equals("json")) {
      ObjectNode n = Output.tree(r);
      n.put("missing", r.missing());
      n.put("incomplete", r.incomplete());
      Output.json(n, out);
      return 0;
    }
    if (!format.equals("table")) {
      // The rows: one per gap range (the json document holds the per-dataset summary too).
      Render.Table t = Render.Table.of("dataset", "kind", "start", "end", "partitions");
      for (GapAnalysis.DatasetGaps d : r.datasets()) {
        for (GapAnalysis.Range g : d.ranges()) {
          t.row(d.dataset(), Output.name(g.kind()), g.start(), g.end(), g.partitions());
        }
      }
      Render.print(format, t, out);
      return 0;
    }
    out.printf(
        "gaps of %s %s..%s: %d missing, %d incomplete of %d partition(s)%n",
        r.source().cliName(), r.start(), r.end(), r.missing(), r.incomplete(), r.expected());
    for (GapAnalysis.DatasetGaps d : r.datasets()) {
      out.printf(
          "%-16s covered %d/%d, missing %d, incomplete %d, not yet due %d, watermark %s%n",
          d.dataset(),
          d.covered(),
          d.expected(),
          d.missing(),
          d.incomplete(),
          d.pending(),
          d.watermark() == null ? "none" : d.watermark());
      for (GapAnalysis.Range g : d.ranges()) {
        out.printf(
            "  %-10s %s..%s (%d partition%s)%n",
            Output.name(g.kind()),
            g.start(),
            g.end(),
            g.partitions(),
            g.partitions() == 1 ? "" : "s");
      }
    }
    out.flush();
    return 0;
  }
}
