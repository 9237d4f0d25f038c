package io.aurum.connectors.iso;

import io.aurum.core.model.Dataset;
import io.aurum.core.model.Observation;
import io.aurum.core.model.PartitionKey;
import io.aurum.core.port.Connector.FetchRequest;
import io.aurum.core.port.FetchContext;
import java.util.function.Consumer;

/** One ISO market's client (NYISO, CAISO, PJM) behind the {@code iso} source. Thread-safe. */
public interface MarketClient {
  void fetch(FetchRequest request, FetchContext context, Consumer<Observation> sink);

  int requestsPerPartition(Dataset dataset, PartitionKey partition);
}
