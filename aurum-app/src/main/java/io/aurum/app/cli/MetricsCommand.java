package io.aurum.app.cli;

import io.aurum.app.wiring.AppContext;
import io.aurum.app.wiring.Locations;
import io.aurum.core.history.MetricsReadings;
import io.aurum.core.model.SourceId;
import io.aurum.core.port.MetricsHistory.OperationSample;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code aurum metrics}: the latest stored figures of each operation, live ones with {@code
 * --active-only} (runbook 1.4.2); {@code collect} and {@code trends} are runbook 5.2.1.
 */
@Command(
    name = "metrics",
    mixinStandardHelpOptions = true,
    description =
        "Latest figures of each operation from the stored history (running ones with --active-only).",
    subcommands = {MetricsCollectCommand.class, MetricsTrendsCommand.class})
public final class MetricsCommand implements Callable<Integer> {
  static final String[] FORMATS = {"table", "json", "ndjson", "csv", "markdown"};

  private final CliContext cli;
  @Mixin CommonOptions common;

  @Option(names = "--source", paramLabel = "SOURCE", description = "Only this source.")
  String source;

  @Option(
      names = "--active-only",
      description = "Only operations running now (their latest sample, at most 10 s old).")
  boolean activeOnly;

  @Mixin FormatOption formats;

  public MetricsCommand(CliContext cli) {
    this.cli = cli;
  }

  @Override
  public Integer call() {
    Logging.configure(common.logLevel());
    String format = formats.of(FORMATS);
    SourceId src = source == null ? null : SourceId.parse(source);
    try (AppContext app = AppContext.open(cli, () -> Locations.resolve(common, cli))) {
      List<MetricsReadings.Latest> rows =
          app.existingStore()
              .map(s -> new MetricsReadings(s, cli.clock()).latest(src, activeOnly))
              .orElse(List.of());
      if (rows.isEmpty() && format.equals("table")) {
        cli.out().println(activeOnly ? "no operation is running" : "no metrics history yet");
        cli.out().flush();
        return 0;
      }
      Render.print(format, table(rows), cli.out());
      return 0;
    }
  }

  static Render.Table table(List<MetricsReadings.Latest> rows) {
    Render.Table t =
        Render.Table.of(
            "operation_id",
            "type",
            "source",
            "state",
            "sampled_at",
            "duration_seconds",
            "records",
            "partitions",
            "failed",
            "throughput",
            "error_rate",
            "memory_bytes",
            "requests",
            "bytes");
    for (MetricsReadings.Latest l : rows) {
      OperationSample s = l.sample();
      t.row(
          s.operationId(),
          Output.name(s.type()),
          s.source().cliName(),
          l.state() == null ? "unknown" : Output.name(l.state()),
          s.at().toString(),
          new Render.Fixed(s.durationMillis() / 1000.0, 1),
          s.records(),
          s.partitions(),
          s.failed(),
          new Render.Fixed(s.throughput(), 1),
          new Render.Fixed(s.errorRate(), 4),
          s.memoryBytes(),
          s.requests(),
          s.bytes());
    }
    return t;
  }
}
