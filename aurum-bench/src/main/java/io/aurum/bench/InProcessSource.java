package io.aurum.bench;

import io.aurum.core.model.Dataset;
import io.aurum.core.model.Observation;
import io.aurum.core.model.PartitionKey;
import io.aurum.core.model.SourceId;
import io.aurum.core.port.Connector;
import io.aurum.core.port.FetchContext;
import java.time.Instant;
import java.util.function.Consumer;

/**
 * A zero-latency upstream like the peer's {@code inproc} source: one request per partition, one row
 * per series and hour, values a pure function of series and hour. Thread-safe.
 */
final class InProcessSource implements Connector {
  /** A one-series hourly dataset in UTC, so a day is exactly 24 rows as in the peer. */
  static final String DATASET_JSON =
      """
      {"source": "eia", "name": "BENCH.ONE", "description": "bench: one hourly series",
       "frequency": "hourly", "zone": "UTC", "schema_version": "v2.0", "series": ["PJM-D"],
       "unit": "MWh", "min_value": 0, "max_value": 250000,
       "upstream": {"route": "electricity/rto/region-data", "frequency": "hourly",
                    "facet": "respondent", "type_facet": "type", "type": "D", "data": "value"}}
      """;

  static final String DATASET = "BENCH.ONE";

  /** An hourly dataset {@code BENCH.WIDE} of {@code series} series in UTC. */
  static String wideDatasetJson(int series) {
    String names =
        java.util.stream.IntStream.range(0, series)
            .mapToObj(i -> "\"S" + i + "-D\"")
            .collect(java.util.stream.Collectors.joining(", "));
    return """
        {"source": "eia", "name": "BENCH.WIDE", "description": "bench: many hourly series",
         "frequency": "hourly", "zone": "UTC", "schema_version": "v2.0", "series": [%s],
         "unit": "MWh", "min_value": 0, "max_value": 250000,
         "upstream": {"route": "electricity/rto/region-data", "frequency": "hourly",
                      "facet": "respondent", "type_facet": "type", "type": "D", "data": "value"}}
        """
        .formatted(names);
  }

  @Override
  public SourceId source() {
    return SourceId.EIA;
  }

  @Override
  public void fetch(FetchRequest request, FetchContext context, Consumer<Observation> sink) {
    context.beforeRequest();
    Dataset d = request.dataset();
    long rows = 0;
    long to = request.to().getEpochSecond();
    for (long t = request.from().getEpochSecond(); t < to; t += 3600) {
      for (String s : d.series()) {
        sink.accept(
            new Observation(
                s, Instant.ofEpochSecond(t), 1000 + Math.floorMod(t / 3600, 5000), d.unit()));
        rows++;
      }
    }
    context.afterResponse(rows * 40);
  }

  @Override
  public int requestsPerPartition(Dataset dataset, PartitionKey partition) {
    return 1;
  }
}
