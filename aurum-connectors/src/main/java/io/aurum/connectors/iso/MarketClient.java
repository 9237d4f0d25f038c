package io.aurum.connectors.iso;

import io.aurum.core.fetch.FetchWindow;
import io.aurum.core.fetch.RequestShape;
import io.aurum.core.fetch.WindowPacker;
import io.aurum.core.model.Dataset;
import io.aurum.core.model.Observation;
import io.aurum.core.model.PartitionKey;
import io.aurum.core.port.Connector.FetchRequest;
import io.aurum.core.port.FetchContext;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;

/**
 * One ISO market's client (NYISO, CAISO, PJM) behind the {@code iso} source: what one of its
 * queries may cover ({@link #shape}), how partitions group into fetch windows, and the fetch that
 * sends exactly those requests. Thread-safe.
 */
public interface MarketClient {
  void fetch(FetchRequest request, FetchContext context, Consumer<Observation> sink);

  RequestShape shape(Dataset dataset);

  /** Fetch windows of the partitions, packed by {@link #shape}. */
  default List<FetchWindow> windows(
      Dataset dataset, List<PartitionKey> partitions, List<String> series) {
    return WindowPacker.pack(dataset, partitions, series, shape(dataset));
  }

  /** Requests one partition takes when fetched alone. */
  default int requestsPerPartition(Dataset dataset, PartitionKey partition) {
    return windows(dataset, List.of(partition), List.of()).get(0).requests();
  }

  /** The dataset's series (nodes, zones), or those of option {@code series} it lists. */
  static List<String> selectedSeries(FetchRequest request) {
    String option = request.options().get("series");
    List<String> all = request.dataset().series();
    if (option == null || option.isBlank()) {
      return all;
    }
    List<String> chosen = Arrays.stream(option.split(",")).map(String::trim).toList();
    return all.stream().filter(chosen::contains).toList();
  }
}
