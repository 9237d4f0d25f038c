package io.aurum.app.cli;

import io.aurum.app.wiring.AppContext;
import io.aurum.core.analysis.CostLine;
import io.aurum.core.analysis.CostMetric;
import io.aurum.core.analysis.Costs;
import io.aurum.core.analysis.OperationCost;
import io.aurum.core.error.AurumException;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code aurum costs track} (runbook §5.3.1): what an operation has cost so far, metric by metric
 * beside its estimate. Reads the store only, so it works from another terminal while the operation
 * runs; {@code --watch} repeats until the operation finishes.
 */
@Command(
    name = "track",
    mixinStandardHelpOptions = true,
    description = "Cost of one operation so far (live while it runs), beside its estimate.")
public final class CostsTrackCommand extends Tool {
  @Mixin JobIdOption job;

  @Mixin FormatOption formats;

  @Option(
      names = "--cost-metrics",
      paramLabel = "LIST",
      description =
          "Comma-separated: api_calls, data_transfer, compute_time, storage, quota (default: all).")
  String costMetrics;

  @Option(names = "--watch", description = "Print again every --interval until it finishes.")
  boolean watch;

  @Option(names = "--interval", paramLabel = "SECONDS", defaultValue = "5")
  int interval;

  private String format;
  private List<CostMetric> metrics;

  public CostsTrackCommand(CliContext cli) {
    super(cli);
  }

  @Override
  void validate() {
    format = formats.of("table", "json", "csv");
    job.require("costs track");
    metrics = CostMetric.parseList(costMetrics);
    if (interval < 1) {
      throw new AurumException.BadInput("--interval must be at least 1 second, got " + interval);
    }
  }

  @Override
  int run(AppContext app) {
    while (true) {
      Costs costs = new Costs(store(app), app.config(), cli.clock().instant());
      OperationCost c = costs.of(job.require("costs track"));
      List<CostLine> lines = c.lines().stream().filter(l -> metrics.contains(l.metric())).toList();
      switch (format) {
        case "json" -> Output.json(CostsJson.track(c, costs.currency(), lines), cli.out());
        case "csv" -> Render.print("csv", CostsView.metrics(lines), cli.out());
        default -> CostsView.track(c, lines, costs.currency(), cli.out());
      }
      if (!watch || c.operation().state().terminal()) {
        return 0;
      }
      try {
        Thread.sleep(interval * 1000L);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return 0;
      }
    }
  }
}
