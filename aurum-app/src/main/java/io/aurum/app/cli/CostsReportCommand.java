package io.aurum.app.cli;

import io.aurum.app.wiring.AppContext;
import io.aurum.core.analysis.CostGrouping;
import io.aurum.core.analysis.CostReport;
import io.aurum.core.analysis.Costs;
import java.time.LocalDate;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code aurum costs report} (runbook §5.3.1): costs of the operations of a date range. */
@Command(
    name = "report",
    mixinStandardHelpOptions = true,
    description =
        "Costs of the operations created in a date range, grouped by operation type, source, dataset or operation.")
public final class CostsReportCommand extends Tool {
  @Mixin FormatOption formats;

  @Option(
      names = "--time-range",
      paramLabel = "START:END",
      description =
          "Days the operations were created, e.g. 2024-12-01:2024-12-31 (default: last 30).")
  String timeRange;

  @Option(
      names = "--group-by",
      paramLabel = "GROUP",
      defaultValue = "operation_type",
      description = "operation_type, source, dataset or operation.")
  String groupBy;

  private String format;
  private LocalDate[] range;
  private CostGrouping grouping;

  public CostsReportCommand(CliContext cli) {
    super(cli);
  }

  @Override
  void validate() {
    format = formats.of("detailed", "summary", "json", "csv");
    range = CostsCommand.range(timeRange, cli);
    grouping = CostGrouping.parse(groupBy);
  }

  @Override
  int run(AppContext app) {
    Costs costs = new Costs(store(app), app.config(), cli.clock().instant());
    CostReport r = CostReport.build(costs, range[0], range[1], grouping);
    switch (format) {
      case "json" -> Output.json(CostsJson.report(r), cli.out());
      case "csv" -> CostsView.csv(r, cli.out());
      case "summary" -> CostsView.summary(r, cli.out());
      default -> CostsView.detailed(r, cli.out());
    }
    return 0;
  }
}
