package io.aurum.connectors.iso.nyiso;

import io.aurum.connectors.ConnectorSettings;
import io.aurum.connectors.Upstream;
import io.aurum.connectors.http.UpstreamHttp;
import io.aurum.core.error.UpstreamException;
import io.aurum.core.model.Dataset;
import io.aurum.core.port.FetchContext;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/** Reads the latest-interval file for where a live day's RTD rows end. Thread-safe. */
final class NyisoLatestInterval {
  private final ConnectorSettings settings;
  private final UpstreamHttp http;

  NyisoLatestInterval(ConnectorSettings settings, UpstreamHttp http) {
    this.settings = settings;
    this.http = http;
  }

  /**
   * The end of the latest RTD interval, from the latest-interval file; on the fall-back day an
   * ambiguous stamp is read as the earlier instant (keeps less, never an RTC row).
   */
  Instant latestSettled(Dataset d, FetchContext context) {
    NyisoCsvParser ends =
        new NyisoCsvParser(
            d.zone(), d.unit(), Duration.ZERO, settings.limits(Upstream.NYISO).maxLineBytes());
    Instant[] latest = {null};
    String name = d.upstream("latest");
    http.get(
        Upstream.NYISO,
        NyisoUrls.latestUri(settings.baseUrl(Upstream.NYISO), name),
        Map.of("Accept", "text/csv"),
        context,
        (body, url) ->
            ends.parse(
                body,
                o -> {
                  if (latest[0] == null || o.period().isAfter(latest[0])) {
                    latest[0] = o.period();
                  }
                }),
        null);
    if (latest[0] == null) {
      throw UpstreamException.retryable(
          "NYISO latest-interval file " + name + " has no rows", null);
    }
    return latest[0];
  }
}
