package io.aurum.connectors.iso.pjm;

import io.aurum.connectors.ConnectorSettings;
import io.aurum.connectors.RequestLimits;
import io.aurum.connectors.RowCap;
import io.aurum.connectors.Upstream;
import io.aurum.connectors.http.UpstreamHttp;
import io.aurum.connectors.iso.MarketClient;
import io.aurum.core.error.UpstreamException;
import io.aurum.core.fetch.RequestShape;
import io.aurum.core.model.Dataset;
import io.aurum.core.model.Observation;
import io.aurum.core.port.Connector.FetchRequest;
import io.aurum.core.port.FetchContext;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * PJM Data Miner 2 {@code /api/v1/{feed}} (catalog {@code upstream.feed}, e.g. {@code rt_hrl_lmps},
 * and {@code upstream.value}, e.g. {@code total_lmp_rt}) with the {@code Ocp-Apim-Subscription-Key}
 * header: filtered by {@code datetime_beginning_ept} over the Eastern clock span of [from, to)
 * (both ends inclusive, so the fall-back day's repeated hour is included), {@code pnode_id} and
 * {@code row_is_current=TRUE}, paged by {@code startRow}/{@code rowCount} following {@code
 * links[rel=next]} (only when it stays on the configured base URL, so the key never leaves it).
 * Should several versions of a row arrive, the highest {@code version_nbr} wins. Option {@code
 * series} narrows the pnodes. A fetch window ({@link #shape}) holds at most one page of {@code
 * rowCount} rows (50,000: 520 days of four nodes), one request each. Thread-safe.
 */
public final class PjmClient implements MarketClient {
  public static final int MAX_ROW_COUNT = RequestLimits.PJM_MAX_ROW_COUNT;
  static final DateTimeFormatter EPT = DateTimeFormatter.ofPattern("MM/dd/yyyy HH:mm");

  private final ConnectorSettings settings;
  private final UpstreamHttp http;
  private final int rowCount;

  public PjmClient(ConnectorSettings settings, UpstreamHttp http, int rowCount) {
    if (rowCount < 1 || rowCount > MAX_ROW_COUNT) {
      throw new IllegalArgumentException("PJM rowCount must be 1.." + MAX_ROW_COUNT);
    }
    this.settings = settings;
    this.http = http;
    this.rowCount = rowCount;
  }

  /** The first page's URL for all the dataset's pnodes. */
  public static URI firstPage(String baseUrl, Dataset d, Instant from, Instant to, int rowCount) {
    return firstPage(baseUrl, d, d.series(), from, to, rowCount);
  }

  /** The first page's URL. */
  public static URI firstPage(
      String baseUrl, Dataset d, List<String> nodes, Instant from, Instant to, int rowCount) {
    String span =
        EPT.format(from.atZone(d.zone())) + "to" + EPT.format(to.minusSeconds(60).atZone(d.zone()));
    String q =
        "rowCount="
            + rowCount
            + "&startRow=1&sort=datetime_beginning_utc&order=Asc&row_is_current=TRUE"
            + "&datetime_beginning_ept="
            + enc(span)
            + "&pnode_id="
            + enc(String.join(";", nodes));
    return URI.create(baseUrl + "/api/v1/" + d.upstream("feed") + "?" + q);
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  /** Windows of whole days holding at most one page of {@code rowCount} rows. */
  @Override
  public RequestShape shape(Dataset dataset) {
    return new RequestShape(rowCount, false, 0, 1, RequestShape.Span.ANY);
  }

  @Override
  public void fetch(FetchRequest request, FetchContext context, Consumer<Observation> sink) {
    Dataset d = request.dataset();
    String key = settings.requireKey(Upstream.PJM);
    String base = settings.baseUrl(Upstream.PJM);
    Instant from = request.from();
    Instant to = request.to();
    List<String> nodes = MarketClient.selectedSeries(request);
    if (nodes.isEmpty()) {
      return; // option series names none of the dataset's pnodes
    }
    Set<String> wanted = Set.copyOf(nodes);
    PjmPageParser parser = new PjmPageParser(d.upstream().getOrDefault("value", "total_lmp_rt"));
    RowCap cap = settings.rowCap(Upstream.PJM);
    Map<String, PjmPageParser.Item> latest = new LinkedHashMap<>();
    URI uri = firstPage(base, d, nodes, from, to, rowCount);
    long read = 0;
    for (int page = 1; ; page++) {
      PjmPageParser.Page p =
          http.get(
              Upstream.PJM,
              uri,
              Map.of("Ocp-Apim-Subscription-Key", key),
              context,
              (body, url) ->
                  parser.parse(
                      body,
                      cap.counting(
                          item ->
                              latest.merge(
                                  item.pnodeId() + '@' + item.utc(),
                                  item,
                                  (a, b) -> b.version() >= a.version() ? b : a),
                          url)),
              PjmClient::decode);
      read += p.rows();
      if (p.next() == null || read >= p.totalRows() || p.rows() == 0) {
        break;
      }
      if (!p.next().startsWith(base + "/")) {
        throw UpstreamException.permanent(
            "PJM next link leaves " + base + ": not following it", 200);
      }
      uri = URI.create(p.next());
    }
    for (PjmPageParser.Item item : latest.values()) {
      if (wanted.contains(item.pnodeId())
          && !item.utc().isBefore(from)
          && item.utc().isBefore(to)) {
        sink.accept(new Observation(item.pnodeId(), item.utc(), item.value(), d.unit()));
      }
    }
  }

  /** 401/403: the subscription key is missing or rejected (permanent, names PJM_API_KEY). */
  static UpstreamException decode(int status, String body, Duration retryAfter, String url) {
    if (status == 401 || status == 403) {
      return UpstreamException.permanent(
          "PJM rejected the subscription key (HTTP "
              + status
              + ") ["
              + url
              + "] (check the environment variable PJM_API_KEY)",
          status);
    }
    if (status == 429) {
      return UpstreamException.throttled(
          "PJM rate limit (HTTP 429"
              + (body == null || body.isBlank() ? "" : ": " + body.trim().toLowerCase(Locale.ROOT))
              + ") ["
              + url
              + "]",
          status,
          retryAfter);
    }
    return null;
  }
}
