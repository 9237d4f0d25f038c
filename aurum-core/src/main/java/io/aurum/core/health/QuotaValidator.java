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
    m.put(SourceId.ISO, List.of(new SourceQuota.Limit(6, Duration.ofMinutes(1))));
    return m;
  }

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
      for (SourceQuota.Limit l : q.limits()) {
        for (SourceQuota.Limit doc : DOCUMENTED.getOrDefault(s, List.of())) {
          if (doc.period().equals(l.period()) && l.requests() > doc.requests()) {
            out.add(
                new Finding(
                    Severity.ERROR,
                    s.cliName(),
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
      double documentedRate = SourceQuota.rateOf(DOCUMENTED.getOrDefault(s, List.of()));
      if (q.requestsPerSecond() > documentedRate + 1e-9) {
        out.add(
            new Finding(
                Severity.ERROR,
                s.cliName(),
                String.format(
                    "sustained rate %.3f req/s is above the documented %.3f req/s",
                    q.requestsPerSecond(), documentedRate)));
      }
      if (q.reservedShare() == 0) {
        out.add(
            new Finding(
                Severity.WARNING,
                s.cliName(),
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
                    s.cliName(),
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
                    s.cliName(),
                    String.format(
                        "%s.concurrency %d could issue %.1f req/s, the quota feeds %.3f: the rate"
                            + " limiter, not concurrency, bounds it",
                        t.name().toLowerCase(), c, wanted, allowed)));
          }
        }
      }
    }
    return out;
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
