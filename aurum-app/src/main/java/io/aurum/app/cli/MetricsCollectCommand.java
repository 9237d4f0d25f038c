package io.aurum.app.cli;

import io.aurum.app.metrics.HistoryExposition;
import io.aurum.app.wiring.AppContext;
import io.aurum.app.wiring.Locations;
import io.aurum.core.error.AurumException;
import io.aurum.core.history.CollectMetric;
import io.aurum.core.history.MetricsReadings;
import io.aurum.core.history.TimeRange;
import io.aurum.core.port.MetricsHistory.OperationSample;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code aurum metrics collect}: the latest figures of each operation of a type, from the stored
 * history, as rows or in the Prometheus text format (runbook 5.2.1).
 */
@Command(
    name = "collect",
    mixinStandardHelpOptions = true,
    description =
        "Export the latest figures of each operation (duration, throughput, error rate, memory, ...) from the stored history.")
public final class MetricsCollectCommand implements Callable<Integer> {
  static final String[] FORMATS = {"table", "json", "ndjson", "csv", "prometheus"};
  static final String DEFAULT_METRICS = "duration,throughput,error_rate,memory_usage";

  private final CliContext cli;
  @Mixin CommonOptions common;
  @Mixin HistoryFilters filters;

  @Option(
      names = "--metrics",
      paramLabel = "LIST",
      description =
          "Comma-separated: duration, throughput, error_rate, memory_usage, records, requests, bytes (default "
              + DEFAULT_METRICS
              + ").")
  String metrics = DEFAULT_METRICS;

  @Option(
      names = "--time-range",
      paramLabel = "RANGE",
      description =
          "Operations sampled in these UTC days: 7d (the default: the 7 days ending today) or YYYY-MM-DD:YYYY-MM-DD.")
  String timeRange = "7d";

  @Option(
      names = "--output-format",
      paramLabel = "FORMAT",
      description = "The runbook's name for --format: table, json, ndjson, csv or prometheus.")
  String outputFormat;

  @Mixin FormatOption formats;

  public MetricsCollectCommand(CliContext cli) {
    this.cli = cli;
  }

  @Override
  public Integer call() {
    Logging.configure(common.logLevel());
    if (outputFormat != null) {
      if (formats.format != null) {
        throw new AurumException.BadInput(
            "--output-format and --format say the same thing: give one of them");
      }
      String f = outputFormat.strip().toLowerCase(java.util.Locale.ROOT);
      if (!List.of(FORMATS).contains(f)) {
        throw new AurumException.BadInput(
            "unknown --output-format '"
                + outputFormat
                + "': use table, json, ndjson, csv or prometheus");
      }
      formats.format = f;
    }
    String format = formats.of(FORMATS);
    List<CollectMetric> asked = CollectMetric.parse(metrics);
    TimeRange range = TimeRange.parse(timeRange, cli.clock());
    try (AppContext app = AppContext.open(cli, () -> Locations.resolve(common, cli))) {
      List<OperationSample> samples =
          app.existingStore()
              .map(
                  s ->
                      new MetricsReadings(s, cli.clock())
                          .collect(filters.type(), filters.source(), range))
              .orElse(List.of());
      if (format.equals("prometheus")) {
        cli.out().print(HistoryExposition.of(samples, asked));
      } else if (samples.isEmpty() && format.equals("table")) {
        cli.out()
            .println(
                "no operations in the metrics history from " + range.from() + " to " + range.to());
      } else {
        Render.print(format, table(samples, asked), cli.out());
      }
      cli.out().flush();
      return 0;
    }
  }

  static Render.Table table(List<OperationSample> samples, List<CollectMetric> asked) {
    List<String> columns =
        new ArrayList<>(List.of("operation_id", "type", "source", "ended", "sampled_at"));
    asked.forEach(m -> columns.add(m.id()));
    Render.Table t = new Render.Table(columns, new ArrayList<>());
    for (OperationSample s : samples) {
      List<Object> row =
          new ArrayList<>(
              List.of(
                  s.operationId(),
                  Output.name(s.type()),
                  s.source().cliName(),
                  s.last(),
                  s.at().toString()));
      for (CollectMetric m : asked) {
        row.add(m == CollectMetric.ERROR_RATE ? new Render.Fixed(m.of(s), 4) : decimal(m, s));
      }
      t.row(row.toArray());
    }
    return t;
  }

  private static Object decimal(CollectMetric m, OperationSample s) {
    double v = m.of(s);
    return v == Math.rint(v) ? (Object) (long) v : new Render.Fixed(v, 1);
  }
}
