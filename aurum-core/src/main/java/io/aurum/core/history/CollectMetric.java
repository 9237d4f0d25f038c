package io.aurum.core.history;

import io.aurum.core.error.AurumException;
import io.aurum.core.port.MetricsHistory.OperationSample;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A figure of one operation run that {@code metrics collect} exports: its name, the unit it is in,
 * and how to read it from the run's latest sample.
 */
public enum CollectMetric {
  DURATION("seconds"),
  THROUGHPUT("rows_per_second"),
  ERROR_RATE("ratio"),
  MEMORY_USAGE("bytes"),
  RECORDS("rows"),
  REQUESTS("requests"),
  BYTES("bytes");

  private final String unit;

  CollectMetric(String unit) {
    this.unit = unit;
  }

  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  public String unit() {
    return unit;
  }

  public double of(OperationSample s) {
    switch (this) {
      case DURATION:
        return s.durationMillis() / 1000.0;
      case THROUGHPUT:
        return s.throughput();
      case ERROR_RATE:
        return s.errorRate();
      case MEMORY_USAGE:
        return s.memoryBytes();
      case RECORDS:
        return s.records();
      case REQUESTS:
        return s.requests();
      default:
        return s.bytes();
    }
  }

  /** A comma-separated list of ids, in the order given; unknown ones are refused. */
  public static List<CollectMetric> parse(String list) {
    Set<CollectMetric> out = new LinkedHashSet<>();
    for (String part : list.split(",")) {
      String p = part.strip().toLowerCase(Locale.ROOT);
      CollectMetric m =
          Arrays.stream(values()).filter(v -> v.id().equals(p)).findFirst().orElse(null);
      if (m == null) {
        throw new AurumException.BadInput(
            v ->
                v.name("metrics")
                    + ": unknown operation metric '"
                    + part.strip()
                    + "': use "
                    + Arrays.stream(values())
                        .map(CollectMetric::id)
                        .collect(Collectors.joining(", ")));
      }
      out.add(m);
    }
    return List.copyOf(out);
  }
}
