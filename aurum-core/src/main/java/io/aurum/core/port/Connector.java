package io.aurum.core.port;

import io.aurum.core.error.UpstreamException;
import io.aurum.core.model.Dataset;
import io.aurum.core.model.Observation;
import io.aurum.core.model.PartitionKey;
import io.aurum.core.model.SourceId;
import java.time.Instant;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Turns (dataset, partition, time range) into upstream requests and streams the observations page
 * by page. Every request first calls {@link FetchContext#beforeRequest()} (rate limit, cancel) and
 * then {@link FetchContext#afterResponse(long)}. Errors are {@link UpstreamException}s, classified.
 * Implementations are thread-safe.
 */
public interface Connector {

  SourceId source();

  /** What to fetch: observations of the dataset with period in [from, to). */
  record FetchRequest(
      Dataset dataset,
      PartitionKey partition,
      Instant from,
      Instant to,
      Map<String, String> options) {
    public FetchRequest {
      options = options == null ? Map.of() : Map.copyOf(options);
    }
  }

  void fetch(FetchRequest request, FetchContext context, Consumer<Observation> sink)
      throws UpstreamException;

  /** Upstream requests one partition of the dataset takes (for plans and estimates). */
  int requestsPerPartition(Dataset dataset, PartitionKey partition);
}
