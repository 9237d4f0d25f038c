package io.aurum.app.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.aurum.app.wiring.AppContext;
import io.aurum.app.wiring.Locations;
import io.aurum.core.analysis.OperationReport;
import java.nio.file.Path;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code aurum report} and {@code aurum report performance} (runbook §1.6.3). */
@Command(
    name = "report",
    mixinStandardHelpOptions = true,
    description =
        "Report of an operation: what ran, coverage, quality, throughput, retries and errors, estimate vs actual, cost.",
    subcommands = ReportCommand.Performance.class)
public final class ReportCommand extends Tool {
  @Mixin JobIdOption job;

  @Mixin FormatOption formats;

  String format = "markdown";

  @Option(names = "--output", paramLabel = "FILE", description = "Write the report here.")
  Path output;

  @Option(names = "--overwrite", description = "Replace the --output file if it exists.")
  boolean overwrite;

  private OutputFile file;

  public ReportCommand(CliContext cli) {
    super(cli);
  }

  @Override
  void validate() {
    format = formats.of("markdown", "json", "html");
    job.require("report");
    if (output != null) {
      file = OutputFile.check(output, overwrite, Locations.resolve(common, cli));
    }
  }

  @Override
  int run(AppContext app) {
    OperationReport r =
        OperationReport.build(
            store(app), app.config(), job.require("report"), cli.clock().instant());
    String text =
        switch (format.toLowerCase(Locale.ROOT)) {
          case "json" -> json(r);
          case "html" ->
              ReportHtml.render(
                  r, io.aurum.app.metrics.TrendChart.lastWeek(store(app), cli.clock()));
          default -> ReportMarkdown.render(r);
        };
    if (file != null) {
      file.writeString(text);
      cli.out().printf("report of %s written to %s%n", r.operation().id(), output);
    } else {
      cli.out().print(text);
    }
    cli.out().flush();
    return 0;
  }

  static String json(OperationReport r) {
    try {
      ObjectNode n = Output.tree(r);
      n.put("run_time_seconds", r.runTime().toMillis() / 1000.0);
      return Output.MAPPER.writeValueAsString(n) + "\n";
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  @Command(
      name = "performance",
      mixinStandardHelpOptions = true,
      description = "Estimate against actual, throughput over time.")
  public static final class Performance extends Tool {
    @Mixin JobIdOption job;

    @Mixin FormatOption formats;

    String format = "table";

    public Performance(CliContext cli) {
      super(cli);
    }

    @Override
    void validate() {
      format = formats.of("table", "json");
      job.require("report performance");
    }

    @Override
    int run(AppContext app) {
      OperationReport r =
          OperationReport.build(
              store(app), app.config(), job.require("report performance"), cli.clock().instant());
      if (format.equals("json")) {
        ObjectNode n = Output.MAPPER.createObjectNode();
        n.put("operation_id", r.operation().id());
        n.put("state", Output.name(r.operation().state()));
        n.put("run_time_seconds", r.runTime().toMillis() / 1000.0);
        n.set("estimate_vs_actual", Output.MAPPER.valueToTree(r.estimateVsActual()));
        n.set("throughput", Output.MAPPER.valueToTree(r.throughput()));
        n.put("retries", r.progress().counters().retries());
        n.put("errors", r.progress().counters().errors());
        n.put("cost", r.cost());
        Output.json(n, cli.out());
        return 0;
      }
      var out = cli.out();
      out.printf(
          "%s (%s) ran %s%n",
          r.operation().id(), Output.name(r.operation().state()), Format.duration(r.runTime()));
      out.printf("%-18s %14s %14s %9s%n", "metric", "estimate", "actual", "error");
      for (OperationReport.Comparison c : r.estimateVsActual()) {
        out.printf(
            Locale.ROOT,
            "%-18s %14s %14.1f %9s%n",
            c.metric(),
            c.estimate() == null ? "-" : String.format(Locale.ROOT, "%.1f", c.estimate()),
            c.actual(),
            c.errorPercent() == null
                ? "-"
                : String.format(Locale.ROOT, "%+.1f%%", c.errorPercent()));
      }
      double secs = Math.max(0.001, r.runTime().toMillis() / 1000.0);
      out.printf(
          Locale.ROOT,
          "throughput: %.1f records/s, %.2f API calls/s; retries %d, errors %d; cost %.4f %s%n",
          r.progress().counters().records() / secs,
          r.progress().counters().apiCalls() / secs,
          r.progress().counters().retries(),
          r.progress().counters().errors(),
          r.cost(),
          r.currency());
      out.flush();
      return 0;
    }
  }
}
