package io.aurum.core.port;

import io.aurum.core.error.UpstreamException;
import io.aurum.core.fetch.FetchWindow;
import io.aurum.core.fetch.RequestShape;
import io.aurum.core.fetch.WindowPacker;
import io.aurum.core.model.Dataset;
import io.aurum.core.model.Observation;
import io.aurum.core.model.PartitionKey;
import io.aurum.core.model.SourceId;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Turns (dataset, time range) into upstream requests and streams the observations page by page. The
 * range is a fetch window: as many partitions as one query of the API may cover ({@link #shape}),
 * so an operation sends as few requests as the API allows. Every request first calls {@link
 * FetchContext#beforeRequest()} (rate limit, cancel) and then {@link
 * FetchContext#afterResponse(long)}. Errors are {@link UpstreamException}s, classified.
 * Implementations are thread-safe.
 */
public interface Connector {

  SourceId source();

  /**
   * What to fetch: observations of the dataset with period in [from, to), which may span many
   * partitions; {@code partition} is the first of them.
   */
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

  /**
   * Whether one request may carry the series of both datasets (BLS: several CPI datasets, up to 50
   * series, in one query). Combinable datasets share frequency and zone, and their partitions of a
   * period go in one fetch window. The default: no.
   */
  default boolean combinable(Dataset a, Dataset b) {
    return false;
  }

  /**
   * Fetches the requests of one fetch window, one per dataset of the window (several only for
   * {@link #combinable} datasets), handing each row to {@code sink} with its dataset. The default
   * fetches each request alone; a connector whose API takes several datasets in one request sends
   * them together.
   */
  default void fetchAll(
      List<FetchRequest> requests,
      FetchContext context,
      java.util.function.BiConsumer<Dataset, Observation> sink)
      throws UpstreamException {
    for (FetchRequest r : requests) {
      fetch(r, context, o -> sink.accept(r.dataset(), o));
    }
  }

  /**
   * What one query of the dataset may cover and how it pages (the connector catalogue's limits).
   * The default, one request per partition, suits a connector that cannot take a range.
   */
  default RequestShape shape(Dataset dataset) {
    return RequestShape.PER_PARTITION;
  }

  /**
   * Groups the partitions an operation needs (one dataset) into fetch windows over {@code series}
   * (empty: all the dataset's series), each with the requests it takes: for plans, estimates and
   * the tasks of an operation.
   */
  default List<FetchWindow> windows(
      Dataset dataset, List<PartitionKey> partitions, List<String> series) {
    RequestShape shape = shape(dataset);
    if (shape != RequestShape.PER_PARTITION) {
      return WindowPacker.pack(dataset, partitions, series, shape);
    }
    List<FetchWindow> out = new ArrayList<>(partitions.size());
    for (PartitionKey p : partitions) {
      out.add(new FetchWindow(dataset, List.of(p), requestsPerPartition(dataset, p)));
    }
    return out;
  }

  /** Upstream requests one partition of the dataset takes when fetched alone. */
  default int requestsPerPartition(Dataset dataset, PartitionKey partition) {
    int series = dataset.series().size();
    return shape(dataset).requests(dataset.expectedRows(partition), series, series);
  }
}
