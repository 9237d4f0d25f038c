package io.aurum.app.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import io.aurum.app.wiring.AppContext;
import io.aurum.core.analysis.Coverage;
import io.aurum.core.model.SourceId;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code aurum coverage} (runbook §1.6.1): partitions and records against the expected. */
@Command(
    name = "coverage",
    mixinStandardHelpOptions = true,
    description = "Covered partitions and record counts per dataset (--monthly: per month).")
public final class CoverageCommand extends Tool {
  @Mixin ScopeOptions scope;

  @Option(names = "--monthly", description = "One line per dataset and month.")
  boolean monthly;

  @Mixin FormatOption formats;

  static final String[] FORMATS = {"table", "json", "ndjson", "csv", "markdown"};
  private String format;

  public CoverageCommand(CliContext cli) {
    super(cli);
  }

  @Override
  void validate() {
    format = formats.of(FORMATS);
  }

  @Override
  int run(AppContext app) {
    SourceId src = scope.sourceOnly("coverage");
    ScopeOptions.Scope s = scope.hasRange() ? scope.resolve("coverage", cli.clock()) : null;
    List<Coverage.Line> lines =
        new Coverage(store(app).versions(), app.config().catalog())
            .analyze(
                src,
                scope.datasets,
                s == null ? null : s.start(),
                s == null ? null : s.end(),
                monthly);
    if (format.equals("json")) {
      ArrayNode a = Output.MAPPER.createArrayNode();
      lines.forEach(l -> a.add(Output.tree(l).put("share", l.share())));
      Output.json(a, cli.out());
      return 0;
    }
    if (format.equals("ndjson")) {
      List<com.fasterxml.jackson.databind.JsonNode> nodes = new java.util.ArrayList<>();
      lines.forEach(l -> nodes.add(Output.tree(l).put("share", l.share())));
      Render.ndjson(nodes, cli.out());
      return 0;
    }
    Render.Table t =
        Render.Table.of(
            "dataset", "month", "partitions", "covered", "share", "records", "expected_records");
    for (Coverage.Line l : lines) {
      t.row(
          l.dataset(),
          l.month() == null ? "all" : l.month(),
          l.partitions(),
          l.covered(),
          new Render.Fixed(l.share(), 3),
          l.records(),
          l.expectedRecords());
    }
    Render.print(format, t, cli.out());
    return 0;
  }
}
