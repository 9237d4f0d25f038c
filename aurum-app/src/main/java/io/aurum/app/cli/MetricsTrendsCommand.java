package io.aurum.app.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.aurum.app.metrics.TrendChart;
import io.aurum.app.wiring.AppContext;
import io.aurum.app.wiring.Locations;
import io.aurum.core.history.MetricsReadings;
import io.aurum.core.history.PerformanceTrends;
import io.aurum.core.history.TimeRange;
import io.aurum.core.history.TrendMetric;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code aurum metrics trends}: per-day figures of the operation runs that ended in a range, the
 * direction of each, and optionally their chart in SVG (runbook 5.2.1).
 */
@Command(
    name = "trends",
    mixinStandardHelpOptions = true,
    description =
        "Per-day figures of finished operation runs (average and p95 duration, error rate, ...) and the direction of each trend.")
public final class MetricsTrendsCommand implements Callable<Integer> {
  static final String[] FORMATS = {"table", "json", "csv"};

  private final CliContext cli;
  @Mixin CommonOptions common;
  @Mixin HistoryFilters filters;

  @Option(
      names = "--time-range",
      paramLabel = "RANGE",
      description =
          "UTC days: 7d (the default: the 7 days ending today), 30d, or YYYY-MM-DD:YYYY-MM-DD.")
  String timeRange = "7d";

  @Option(
      names = "--metrics",
      paramLabel = "LIST",
      description =
          "Comma-separated: avg_duration, p95_duration, max_duration, error_rate, avg_throughput, max_memory_usage (default avg_duration,p95_duration,error_rate).")
  String metrics = "avg_duration,p95_duration,error_rate";

  @Option(
      names = "--chart",
      paramLabel = "FILE.svg",
      description = "Also draw the trends as an SVG chart into this file (replaced if it exists).")
  Path chart;

  @Mixin FormatOption formats;

  public MetricsTrendsCommand(CliContext cli) {
    this.cli = cli;
  }

  @Override
  public Integer call() {
    Logging.configure(common.logLevel());
    String format = formats.of(FORMATS);
    List<TrendMetric> asked = TrendMetric.parse(metrics);
    TimeRange range = TimeRange.parse(timeRange, cli.clock());
    Locations where = Locations.resolve(common, cli);
    // A chart is redrawn on every run: an existing file is replaced (never one of Aurum's own).
    OutputFile out = chart == null ? null : OutputFile.check(chart, true, where);
    try (AppContext app = AppContext.open(cli, () -> where)) {
      PerformanceTrends.Result r =
          app.existingStore()
              .map(
                  s ->
                      new MetricsReadings(s, cli.clock())
                          .trends(range, asked, filters.type(), filters.source()))
              .orElseGet(() -> PerformanceTrends.of(range, asked, List.of()));
      if (out != null) {
        out.writeString(TrendChart.svg(r));
      }
      if (format.equals("json")) {
        Output.json(json(r, chart), cli.out());
      } else {
        Render.print(format, days(r), cli.out());
        if (format.equals("table")) {
          Render.print(format, trends(r), cli.out());
          if (chart != null) {
            cli.out().println("chart: " + chart);
          }
        }
      }
      cli.out().flush();
      return 0;
    }
  }

  static Render.Table days(PerformanceTrends.Result r) {
    List<String> columns = new ArrayList<>(List.of("day", "runs"));
    r.trends().forEach(t -> columns.add(t.metric().id()));
    Render.Table table = new Render.Table(columns, new ArrayList<>());
    for (PerformanceTrends.Day d : r.days()) {
      List<Object> row = new ArrayList<>(List.of(d.day().toString(), d.runs()));
      r.trends().forEach(t -> row.add(value(t.metric(), d.values().get(t.metric()))));
      table.row(row.toArray());
    }
    return table;
  }

  static Render.Table trends(PerformanceTrends.Result r) {
    Render.Table table = Render.Table.of("metric", "direction", "assessment", "change");
    r.trends()
        .forEach(
            t ->
                table.row(
                    t.metric().id(), t.direction(), t.assessment(), value(t.metric(), t.change())));
    return table;
  }

  static Object value(TrendMetric m, Double v) {
    if (v == null) {
      return null;
    }
    return new Render.Fixed(v, m == TrendMetric.ERROR_RATE ? 4 : 2);
  }

  static ObjectNode json(PerformanceTrends.Result r, Path chart) {
    ObjectNode o = Output.MAPPER.createObjectNode();
    o.putObject("time_range")
        .put("from", r.range().from().toString())
        .put("to", r.range().to().toString());
    var names = o.putArray("metrics");
    r.trends().forEach(t -> names.add(t.metric().id()));
    var days = o.putArray("days");
    for (PerformanceTrends.Day d : r.days()) {
      ObjectNode day = days.addObject().put("day", d.day().toString()).put("runs", d.runs());
      r.trends().forEach(t -> day.put(t.metric().id(), d.values().get(t.metric())));
    }
    var trends = o.putArray("trends");
    r.trends()
        .forEach(
            t ->
                trends
                    .addObject()
                    .put("metric", t.metric().id())
                    .put("direction", t.direction())
                    .put("assessment", t.assessment())
                    .put("change", t.change()));
    if (chart != null) {
      o.put("chart", chart.toString());
    }
    return o;
  }
}
