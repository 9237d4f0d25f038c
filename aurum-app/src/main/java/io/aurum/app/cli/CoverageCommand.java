package io.aurum.app.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import io.aurum.app.wiring.AppContext;
import io.aurum.core.analysis.Coverage;
import io.aurum.core.model.SourceId;
import java.util.List;
import java.util.Locale;
import java.util.Set;
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

  @Option(names = "--format", paramLabel = "table|json")
  String format = "table";

  public CoverageCommand(CliContext cli) {
    super(cli);
  }

  @Override
  void validate() {
    Output.format(format, Set.of("table", "json"));
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
    cli.out()
        .printf(
            "%-16s %-8s %10s %8s %7s %12s %12s%n",
            "dataset", "month", "partitions", "covered", "share", "records", "expected");
    for (Coverage.Line l : lines) {
      cli.out()
          .printf(
              Locale.ROOT,
              "%-16s %-8s %10d %8d %6.1f%% %12d %12d%n",
              l.dataset(),
              l.month() == null ? "all" : l.month(),
              l.partitions(),
              l.covered(),
              l.share() * 100,
              l.records(),
              l.expectedRecords());
    }
    cli.out().flush();
    return 0;
  }
}
