package io.aurum.core.health;

import io.aurum.core.config.AurumConfig;
import io.aurum.core.config.SourceQuota;
import io.aurum.core.error.UpstreamException;
import io.aurum.core.model.Dataset;
import io.aurum.core.model.PartitionKey;
import io.aurum.core.model.SourceId;
import io.aurum.core.port.Connector;
import io.aurum.core.port.FetchContext;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Probes each source the way an operation would use it: one real request for one recent partition
 * of its first dataset, timed and classified. Credentials are reported as present or not, never
 * shown. Thread-safe.
 */
public final class SourceHealth {

  /**
   * One source's health. {@code status} is OK, DEGRADED (throttled or slow) or DOWN. {@code
   * quotaPerSecond} is the source's sustained rate (the sum of its markets' for a per-market
   * source, whose markets do not share a limit); {@code markets} holds each market's own rate and
   * operation share (empty for a one-quota source).
   */
  public record Report(
      SourceId source,
      String status,
      boolean reachable,
      String credentials,
      double quotaPerSecond,
      double operationShare,
      long latencyMs,
      long rows,
      String detail,
      Map<String, MarketQuota> markets) {}

  /** A market's own quota: sustained requests per second, and the share operations may use. */
  public record MarketQuota(double quotaPerSecond, double operationShare) {}

  private final AurumConfig config;
  private final Map<SourceId, Connector> connectors;
  private final Clock clock;
  private final Function<SourceId, String> credentialVariable;
  private final Function<String, String> env;

  /**
   * @param credentialVariable the environment variable holding a source's key (null: none needed)
   * @param env reads an environment variable (null when unset)
   */
  public SourceHealth(
      AurumConfig config,
      Map<SourceId, Connector> connectors,
      Clock clock,
      Function<SourceId, String> credentialVariable,
      Function<String, String> env) {
    this.config = config;
    this.connectors = connectors;
    this.clock = clock;
    this.credentialVariable = credentialVariable;
    this.env = env;
  }

  public List<Report> check(List<SourceId> sources) {
    List<Report> out = new ArrayList<>();
    for (SourceId s : sources) {
      out.add(check(s));
    }
    return out;
  }

  public Report check(SourceId source) {
    SourceQuota quota = config.quotas().get(source);
    double share = 1 - quota.reservedShare();
    Map<String, MarketQuota> markets = new LinkedHashMap<>();
    quota
        .markets()
        .forEach(
            (m, q) ->
                markets.put(m, new MarketQuota(q.requestsPerSecond(), 1 - q.reservedShare())));
    String var = credentialVariable.apply(source);
    String credentials =
        var == null ? "not needed" : env.apply(var) == null ? "missing (" + var + ")" : "present";
    Connector connector = connectors.get(source);
    List<Dataset> datasets = config.catalog().forSource(source);
    if (connector == null || datasets.isEmpty()) {
      return new Report(
          source,
          "DOWN",
          false,
          credentials,
          quota.totalRequestsPerSecond(),
          share,
          0,
          0,
          connector == null
              ? "no connector for this source in this build"
              : "no dataset in the catalog",
          markets);
    }
    Dataset d = datasets.get(0);
    LocalDate day =
        LocalDate.now(clock.withZone(d.zone()))
            .minusDays(d.frequency().monthlyPartitions() ? 60 : 3);
    if (d.frequency().monthlyPartitions()) {
      day = day.withDayOfMonth(1);
    }
    PartitionKey key = new PartitionKey(source, d.name(), day);
    long[] rows = {0};
    long start = System.nanoTime();
    try {
      connector.fetch(
          new Connector.FetchRequest(d, key, key.start(d), key.end(d), Map.of()),
          FetchContext.UNLIMITED,
          o -> rows[0]++);
      long ms = Duration.ofNanos(System.nanoTime() - start).toMillis();
      // Slow means well beyond what the quota configuration expects, and never under two seconds.
      long slow = Math.max(2000, quota.typicalLatency().toMillis() * 20);
      String status = ms > slow ? "DEGRADED" : "OK";
      return new Report(
          source,
          status,
          true,
          var == null ? credentials : "accepted",
          quota.totalRequestsPerSecond(),
          share,
          ms,
          rows[0],
          "fetched " + key + ": " + rows[0] + " rows",
          markets);
    } catch (UpstreamException e) {
      long ms = Duration.ofNanos(System.nanoTime() - start).toMillis();
      int status = e.httpStatus().orElse(0);
      boolean reachable = status > 0;
      String cred = (status == 401 || status == 403) ? "rejected" : credentials;
      String verdict = e.throttled() ? "DEGRADED" : "DOWN";
      return new Report(
          source,
          verdict,
          reachable,
          cred,
          quota.totalRequestsPerSecond(),
          share,
          ms,
          0,
          e.getMessage(),
          markets);
    }
  }
}
