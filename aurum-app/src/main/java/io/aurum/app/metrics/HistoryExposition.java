package io.aurum.app.metrics;

import io.aurum.core.history.CollectMetric;
import io.aurum.core.port.MetricsHistory.OperationSample;
import java.util.List;
import java.util.Locale;

/**
 * {@code aurum metrics collect --output-format prometheus}: the latest figures of each operation in
 * the Prometheus text format (0.0.4), one gauge family per metric asked for, plus the time of each
 * sample. Unlike {@code /metrics}, these are labelled with the operation id: the export is a
 * snapshot of chosen operations (a textfile collector or a push gateway takes it), not a series a
 * server scrapes for ever. Passes {@code promtool check metrics}.
 */
public final class HistoryExposition {
  private HistoryExposition() {}

  /** The family name of {@code m}: base units, no {@code _total} (these are gauges). */
  static String name(CollectMetric m) {
    switch (m) {
      case DURATION:
        return "aurum_operation_duration_seconds";
      case THROUGHPUT:
        return "aurum_operation_throughput_rows_per_second";
      case ERROR_RATE:
        return "aurum_operation_error_ratio";
      case MEMORY_USAGE:
        return "aurum_operation_memory_usage_bytes";
      case RECORDS:
        return "aurum_operation_rows";
      case REQUESTS:
        return "aurum_operation_upstream_requests";
      default:
        return "aurum_operation_upstream_bytes";
    }
  }

  static String help(CollectMetric m) {
    switch (m) {
      case DURATION:
        return "Time the operation's latest run has run, at its latest sample.";
      case THROUGHPUT:
        return "Rows published a second over the operation's latest run.";
      case ERROR_RATE:
        return "Failed partitions over partitions finished in the operation's latest run.";
      case MEMORY_USAGE:
        return "Highest heap use of the process running the operation, at its samples.";
      case RECORDS:
        return "Rows published by the operation's latest run.";
      case REQUESTS:
        return "Upstream requests of the operation's latest run.";
      default:
        return "Bytes of upstream response bodies the operation's latest run read.";
    }
  }

  /** The text of {@code samples} (the latest of each operation) for {@code metrics}. */
  public static String of(List<OperationSample> samples, List<CollectMetric> metrics) {
    StringBuilder b = new StringBuilder();
    for (CollectMetric m : metrics) {
      family(b, name(m), help(m), samples, s -> number(m.of(s)));
    }
    family(
        b,
        "aurum_operation_sample_timestamp_seconds",
        "When the operation's latest sample was taken (Unix time).",
        samples,
        s -> number(s.at().toEpochMilli() / 1000.0));
    return b.toString();
  }

  private static void family(
      StringBuilder b,
      String name,
      String help,
      List<OperationSample> samples,
      java.util.function.Function<OperationSample, String> value) {
    b.append("# HELP ").append(name).append(' ').append(help).append('\n');
    b.append("# TYPE ").append(name).append(" gauge\n");
    for (OperationSample s : samples) {
      b.append(name)
          .append("{operation_id=\"")
          .append(escape(s.operationId()))
          .append("\",operation_type=\"")
          .append(s.type().name().toLowerCase(Locale.ROOT))
          .append("\",source=\"")
          .append(s.source().cliName())
          .append("\",ended=\"")
          .append(s.last())
          .append("\"} ")
          .append(value.apply(s))
          .append('\n');
    }
  }

  static String number(double v) {
    if (v == Math.rint(v) && Math.abs(v) < 1e15) {
      return Long.toString((long) v);
    }
    return Double.toString(v);
  }

  static String escape(String v) {
    return v.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
  }
}
