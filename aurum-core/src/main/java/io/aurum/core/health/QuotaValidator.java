package io.aurum.core.health;

import io.aurum.core.config.DatasetCatalog;
import io.aurum.core.config.OperationDefaults;
import io.aurum.core.config.QuotaConfig;
import io.aurum.core.config.SourceQuota;
import io.aurum.core.error.AurumException;
import io.aurum.core.health.Finding.Severity;
import io.aurum.core.model.OperationType;
import io.aurum.core.model.SourceId;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * {@code aurum quotas validate} (runbook §1.3.1): checks data_source_quotas.json and
 * operation_defaults.json against each other, the dataset catalog and the limits the upstream
 * providers document. Loads each file on its own so that one broken file does not hide the findings
 * of the others. Stateless.
 */
public final class QuotaValidator {

  /** What each provider documents (per API key), from data_source_quotas.json's sources. */
  public static final Map<SourceId, List<SourceQuota.Limit>> DOCUMENTED = documented();

  private static Map<SourceId, List<SourceQuota.Limit>> documented() {
    Map<SourceId, List<SourceQuota.Limit>> m = new EnumMap<>(SourceId.class);
    m.put(
        SourceId.EIA,
        List.of(
            new SourceQuota.Limit(5, Duration.ofSeconds(1)),
            new SourceQuota.Limit(9000, Duration.ofHours(1))));
    m.put(SourceId.FRED, List.of(new SourceQuota.Limit(120, Duration.ofMinutes(1))));
    m.put(SourceId.CPI, List.of(new SourceQuota.Limit(500, Duration.ofDays(1))));
    m.put(
        SourceId.NOAA,
        List.of(
            new SourceQuota.Limit(5, Duration.ofSeconds(1)),
            new SourceQuota.Limit(10000, Duration.ofDays(1))));
    // One limiter for all ISO markets (the older form) must take the strictest market's limit.
    m.put(SourceId.ISO, List.of(new SourceQuota.Limit(6, Duration.ofMinutes(1))));
    return m;
  }

  /**
   * What each market of a per-market source documents: PJM Data Miner 2 6/min for non-members,
   * CAISO OASIS 1 request per 5 s. NYISO MIS documents none (its configured rate is Aurum's own
   * polite choice, reported as INFO).
   */
  public static final Map<String, List<SourceQuota.Limit>> DOCUMENTED_MARKETS =
      Map.of(
          "pjm", List.of(new SourceQuota.Limit(6, Duration.ofMinutes(1))),
          "caiso", List.of(new SourceQuota.Limit(1, Duration.ofSeconds(5))),
          "nyiso", List.of());

  public List<Finding> validate(Path configDir) {
    List<Finding> out = new ArrayList<>();
    QuotaConfig quotas = load(out, QuotaConfig.FILE, () -> QuotaConfig.load(configDir));
    DatasetCatalog catalog = load(out, DatasetCatalog.FILE, () -> DatasetCatalog.load(configDir));
    OperationDefaults defaults =
        load(out, OperationDefaults.FILE, () -> OperationDefaults.load(configDir));
    if (quotas == null) {
      return out;
    }
    for (SourceId s : SourceId.values()) {
      SourceQuota q = quotas.all().get(s);
      boolean hasDatasets = catalog != null && !catalog.forSource(s).isEmpty();
      if (q == null) {
        out.add(
            new Finding(
                hasDatasets ? Severity.ERROR : Severity.WARNING,
                s.cliName(),
                "no quota in "
                    + QuotaConfig.FILE
                    + (hasDatasets ? " but the catalog has datasets for it" : "")));
        continue;
      }
      if (catalog != null && !hasDatasets) {
        out.add(
            new Finding(
                Severity.INFO, s.cliName(), "quota configured, no datasets in the catalog"));
      }
      if (q.perMarket()) {
        for (Map.Entry<String, SourceQuota> m : q.markets().entrySet()) {
          String name = s.laneName(m.getKey());
          List<SourceQuota.Limit> doc = DOCUMENTED_MARKETS.get(m.getKey());
          if (doc == null || doc.isEmpty()) {
            out.add(
                new Finding(
                    Severity.INFO,
                    name,
                    String.format(
                        java.util.Locale.ROOT,
                        "no documented limit%s: %.3f req/s is a polite rate of our own choosing",
                        doc == null ? " known for this market" : "",
                        m.getValue().requestsPerSecond())));
          }
          checkQuota(out, name, m.getValue(), doc == null ? List.of() : doc, defaults);
          if (catalog != null
              && catalog.forSource(s).stream()
                  .noneMatch(d -> m.getKey().equals(d.upstream().get("market")))) {
            out.add(
                new Finding(Severity.INFO, name, "market quota configured, no datasets use it"));
          }
        }
        if (catalog != null) {
          for (io.aurum.core.model.Dataset d : catalog.forSource(s)) {
            if (q.laneOf(d) == null) {
              out.add(
                  new Finding(
                      Severity.ERROR,
                      s.cliName(),
                      "dataset "
                          + d.name()
                          + " has market '"
                          + d.upstream().get("market")
                          + "', which has no quota under sources."
                          + s.cliName()
                          + ".markets (it would be paced at the strictest market's rate)"));
            }
          }
        }
        continue;
      }
      if (s == SourceId.ISO) {
        out.add(
            new Finding(
                Severity.WARNING,
                s.cliName(),
                "one limiter for every market: NYISO and CAISO are paced at the strictest"
                    + " market's rate; give each market its own quota under markets"));
      }
      checkQuota(out, s.cliName(), q, DOCUMENTED.getOrDefault(s, List.of()), defaults);
    }
    return out;
  }

  /** One quota (a source's, or a market's) against what is documented and the defaults. */
  private static void checkQuota(
      List<Finding> out,
      String name,
      SourceQuota q,
      List<SourceQuota.Limit> documented,
      OperationDefaults defaults) {
    for (SourceQuota.Limit l : q.limits()) {
      for (SourceQuota.Limit doc : documented) {
        if (doc.period().equals(l.period()) && l.requests() > doc.requests()) {
          out.add(
              new Finding(
                  Severity.ERROR,
                  name,
                  "limit "
                      + l.requests()
                      + " per "
                      + l.period()
                      + " is above the documented "
                      + doc.requests()
                      + " per "
                      + doc.period()));
        }
      }
    }
    double documentedRate = SourceQuota.rateOf(documented);
    if (q.requestsPerSecond() > documentedRate + 1e-9) {
      out.add(
          new Finding(
              Severity.ERROR,
              name,
              String.format(
                  java.util.Locale.ROOT,
                  "sustained rate %.3f req/s is above the documented %.3f req/s",
                  q.requestsPerSecond(),
                  documentedRate)));
    }
    if (q.reservedShare() == 0) {
      out.add(
          new Finding(
              Severity.WARNING,
              name,
              "reserved_share is 0: operations may starve routine ingestion"));
    }
    if (defaults != null) {
      for (OperationType t :
          new OperationType[] {
            OperationType.BACKFILL, OperationType.REPLAY, OperationType.PARTIAL
          }) {
        int c = defaults.of(t).concurrency();
        if (c > q.maxConcurrency()) {
          out.add(
              new Finding(
                  Severity.WARNING,
                  name,
                  t.name().toLowerCase()
                      + ".concurrency "
                      + c
                      + " is above max_concurrency "
                      + q.maxConcurrency()
                      + ": operations will be capped"));
        }
        double wanted = c / (q.typicalLatency().toMillis() / 1000.0);
        double allowed = q.requestsPerSecond() * 0.8;
        if (wanted > allowed * 4 && c > 1) {
          out.add(
              new Finding(
                  Severity.INFO,
                  name,
                  String.format(
                      java.util.Locale.ROOT,
                      "%s.concurrency %d could issue %.1f req/s, the quota feeds %.3f: the rate"
                          + " limiter, not concurrency, bounds it",
                      t.name().toLowerCase(),
                      c,
                      wanted,
                      allowed)));
        }
      }
    }
  }

  private static <T> T load(List<Finding> out, String file, java.util.function.Supplier<T> loader) {
    try {
      return loader.get();
    } catch (AurumException e) {
      out.add(new Finding(Severity.ERROR, file, e.getMessage()));
      return null;
    }
  }
}
