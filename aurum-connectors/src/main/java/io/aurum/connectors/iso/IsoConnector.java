package io.aurum.connectors.iso;

import io.aurum.connectors.ConnectorSettings;
import io.aurum.connectors.Upstream;
import io.aurum.connectors.http.UpstreamHttp;
import io.aurum.connectors.iso.caiso.CaisoClient;
import io.aurum.connectors.iso.nyiso.NyisoClient;
import io.aurum.connectors.iso.pjm.PjmClient;
import io.aurum.core.error.UpstreamException;
import io.aurum.core.fetch.FetchWindow;
import io.aurum.core.fetch.RequestShape;
import io.aurum.core.model.Dataset;
import io.aurum.core.model.Observation;
import io.aurum.core.model.PartitionKey;
import io.aurum.core.model.SourceId;
import io.aurum.core.port.Connector;
import io.aurum.core.port.FetchContext;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The {@code iso} source: dispatches each dataset to its market's client by the catalog's {@code
 * upstream.market} ({@code nyiso}, {@code caiso} or {@code pjm}), fetch windows included: each
 * market sizes them by its own API's limits. Thread-safe.
 */
public final class IsoConnector implements Connector {
  private final Map<String, MarketClient> markets;

  public IsoConnector(ConnectorSettings settings) {
    this(settings, Clock.systemUTC());
  }

  /** With {@code clock} deciding which day is today (NYISO's live real-time file). */
  public IsoConnector(ConnectorSettings settings, Clock clock) {
    this(
        settings,
        new UpstreamHttp(settings, clock),
        settings.limits(Upstream.PJM).pageRows(PjmClient.MAX_ROW_COUNT),
        clock);
  }

  public IsoConnector(ConnectorSettings settings, UpstreamHttp http, int pjmRowCount) {
    this(settings, http, pjmRowCount, Clock.systemUTC());
  }

  public IsoConnector(ConnectorSettings settings, UpstreamHttp http, int pjmRowCount, Clock clock) {
    this.markets =
        Map.of(
            "nyiso", new NyisoClient(settings, http, clock),
            "caiso", new CaisoClient(settings, http),
            "pjm", new PjmClient(settings, http, pjmRowCount));
  }

  @Override
  public SourceId source() {
    return SourceId.ISO;
  }

  @Override
  public void fetch(FetchRequest request, FetchContext context, Consumer<Observation> sink) {
    market(request.dataset()).fetch(request, context, sink);
  }

  @Override
  public RequestShape shape(Dataset dataset) {
    return market(dataset).shape(dataset);
  }

  @Override
  public List<FetchWindow> windows(
      Dataset dataset, List<PartitionKey> partitions, List<String> series) {
    return market(dataset).windows(dataset, partitions, series);
  }

  @Override
  public int requestsPerPartition(Dataset dataset, PartitionKey partition) {
    return market(dataset).requestsPerPartition(dataset, partition);
  }

  /** The market of an ISO dataset ({@code upstream.market}). */
  public static String marketOf(Dataset d) {
    return d.upstream("market").toLowerCase(Locale.ROOT);
  }

  private MarketClient market(Dataset d) {
    MarketClient c = markets.get(marketOf(d));
    if (c == null) {
      throw UpstreamException.permanent(
          "dataset " + d.name() + " has unknown market '" + d.upstream("market") + "'", null);
    }
    return c;
  }
}
