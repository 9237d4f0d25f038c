package io.aurum.core.request;

import io.aurum.core.config.AurumConfig;
import io.aurum.core.config.OperationDefaults;
import io.aurum.core.config.SourceQuota;
import io.aurum.core.error.AurumException;
import io.aurum.core.model.BackfillParams;
import io.aurum.core.model.ConflictStrategy;
import io.aurum.core.model.Dataset;
import io.aurum.core.model.OperationParams;
import io.aurum.core.model.OperationSpec;
import io.aurum.core.model.SourceId;
import java.time.Duration;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The one rule set every operation request passes, whatever its origin (flags, a reprocess config
 * file, a plan file), before anything is written: limits (the same for flags and files), known
 * names, duplicates removed, and the fields derived from the source recomputed rather than trusted.
 * A rejected value is {@link AurumException.BadInput} (exit 2) naming it as its {@link Origin}
 * wrote it. Stateless, thread-safe.
 */
public final class RequestRules {
  /** Rows per write batch above this are refused: one batch is held in memory whole. */
  public static final int MAX_BATCH_SIZE = 100_000;

  /** Retries above this are refused: a partition that failed this often will not recover. */
  public static final int MAX_RETRIES = 100;

  /** Longest base of the exponential backoff, in seconds (one hour). */
  public static final double MAX_RETRY_BACKOFF_SECONDS = 3600;

  /** Longest interval between progress lines (one day). */
  public static final int MAX_PROGRESS_INTERVAL_SECONDS = 86_400;

  private RequestRules() {}

  /**
   * Tasks in flight: the asked value must be above 0 and at most the source quota's {@code
   * max_concurrency}; without one, the type's default, lowered to the quota's maximum.
   */
  public static int concurrency(
      Integer asked, int fallback, SourceQuota quota, SourceId src, Origin o) {
    if (asked == null) {
      return Math.max(1, Math.min(fallback, quota.maxConcurrency()));
    }
    if (asked <= 0) {
      throw new AurumException.BadInput(o.name("concurrency") + " must be above 0, got " + asked);
    }
    if (asked > quota.maxConcurrency()) {
      throw new AurumException.BadInput(
          o.name("concurrency")
              + " "
              + asked
              + " is above the "
              + quota.maxConcurrency()
              + " that the "
              + src.cliName()
              + " quota allows (max_concurrency in data_source_quotas.json)");
    }
    return asked;
  }

  /** Worker threads of this process: above 0; tasks in flight become the lower of both. */
  public static int parallelism(Integer asked, int concurrency, Origin o) {
    if (asked == null) {
      return concurrency;
    }
    if (asked <= 0) {
      throw new AurumException.BadInput(o.name("parallelism") + " must be above 0, got " + asked);
    }
    return Math.min(concurrency, asked);
  }

  public static int batchSize(Integer asked, int fallback, Origin o) {
    int v = asked == null ? fallback : asked;
    if (v <= 0) {
      throw new AurumException.BadInput(o.name("batch_size") + " must be above 0, got " + v);
    }
    if (v > MAX_BATCH_SIZE) {
      throw new AurumException.BadInput(
          o.name("batch_size") + " " + v + " is above the limit of " + MAX_BATCH_SIZE + " rows");
    }
    return v;
  }

  public static int maxRetries(Integer asked, int fallback, Origin o) {
    int v = asked == null ? fallback : asked;
    if (v < 0 || v > MAX_RETRIES) {
      throw new AurumException.BadInput(
          o.name("max_retries") + " must be between 0 and " + MAX_RETRIES + ", got " + v);
    }
    return v;
  }

  public static double retryBackoff(Double asked, double fallback, Origin o) {
    double v = asked == null ? fallback : asked;
    if (!(v >= 0) || v > MAX_RETRY_BACKOFF_SECONDS) {
      throw new AurumException.BadInput(
          o.name("retry_backoff_seconds")
              + " must be between 0 and "
              + (long) MAX_RETRY_BACKOFF_SECONDS
              + " seconds, got "
              + v);
    }
    return v;
  }

  /** Seconds between progress lines: above 0, at most a day. */
  public static Duration progressInterval(Integer asked, int fallback, Origin o) {
    int v = asked == null ? fallback : asked;
    if (v <= 0 || v > MAX_PROGRESS_INTERVAL_SECONDS) {
      throw new AurumException.BadInput(
          o.name("progress_interval")
              + " must be above 0 seconds and at most "
              + MAX_PROGRESS_INTERVAL_SECONDS
              + ", got "
              + v);
    }
    return Duration.ofSeconds(v);
  }

  /** {@code auto} (null) or requests per second, above 0 and within the source quota. */
  public static Double rateLimit(String text, SourceQuota quota, SourceId src, Origin o) {
    if (text == null || text.equalsIgnoreCase("auto")) {
      return null;
    }
    double r;
    try {
      r = Double.parseDouble(text);
    } catch (NumberFormatException e) {
      throw new AurumException.BadInput(
          o.name("rate_limit")
              + " '"
              + text
              + "' is not a number: use auto or requests per second, e.g. 5");
    }
    return rateLimit(r, quota, src, o);
  }

  public static Double rateLimit(Double r, SourceQuota quota, SourceId src, Origin o) {
    if (r == null) {
      return null;
    }
    if (!(r > 0) || r.isInfinite()) {
      throw new AurumException.BadInput(
          o.name("rate_limit") + " must be above 0 requests per second, got " + r);
    }
    // A per-market source takes the rate per market, each capped at its own limit: the fastest
    // market bounds it.
    double cap =
        quota.perMarket()
            ? quota.markets().values().stream()
                .mapToDouble(SourceQuota::burstPerSecond)
                .max()
                .orElse(0)
            : quota.burstPerSecond();
    if (r > cap + 1e-9) {
      throw new AurumException.BadInput(
          String.format(
              "%s %s is above the %s quota of %.3f requests per second: use at most that, or auto",
              o.name("rate_limit"), stripZero(r), src.cliName(), cap));
    }
    return r;
  }

  private static String stripZero(double r) {
    return r == Math.rint(r) ? Long.toString((long) r) : Double.toString(r);
  }

  /** One of the conflict strategies, by its CLI name; null gives the fallback. */
  public static String conflictStrategy(String asked, String fallback, Origin o) {
    String v = asked == null ? fallback : asked;
    try {
      return ConflictStrategy.parse(v).cliName();
    } catch (AurumException.BadInput e) {
      throw new AurumException.BadInput(
          o.name("conflict_strategy")
              + " '"
              + v
              + "' is not a conflict strategy: use latest_wins, keep_existing, highest_quality or manual");
    }
  }

  /** A validation threshold: a share in [0, 1]. */
  public static Double threshold(Double asked, Origin o) {
    if (asked != null && !(asked >= 0 && asked <= 1)) {
      throw new AurumException.BadInput(
          o.name("validation_threshold") + " must be in [0, 1], got " + asked);
    }
    return asked;
  }

  /** Start and end in order. */
  public static void dates(LocalDate start, LocalDate end, Origin o) {
    if (end.isBefore(start)) {
      throw new AurumException.BadInput(
          o.name("end_date")
              + " "
              + end
              + " is before "
              + o.name("start_date")
              + " "
              + start
              + ": swap them");
    }
  }

  /**
   * The datasets of the source named (all when none), each once, in the order first named: {@code
   * A,A} and {@code a,A} are one dataset.
   */
  public static List<Dataset> datasets(AurumConfig config, SourceId src, List<String> names) {
    Map<String, Dataset> out = new LinkedHashMap<>();
    for (Dataset d : config.catalog().select(src, names == null ? List.of() : names)) {
      out.putIfAbsent(d.name(), d);
    }
    return List.copyOf(out.values());
  }

  /** The names of {@link #datasets}. */
  public static List<String> datasetNames(AurumConfig config, SourceId src, List<String> names) {
    return datasets(config, src, names).stream().map(Dataset::name).toList();
  }

  /** What is derived from the source rather than asked: recomputed for every request. */
  public record Derived(String quotaKey) {}

  /** Computes the {@link Derived} fields of a source (the app knows its credentials). */
  @FunctionalInterface
  public interface Derivation {
    Derived of(SourceId source);
  }

  /**
   * The spec with its derived fields recomputed: the quota key from the source's credentials, the
   * estimate dropped (the caller estimates again from the plan it runs).
   */
  public static OperationSpec derive(OperationSpec spec, Derivation derivation) {
    Derived derived = derivation.of(spec.source());
    OperationParams params = spec.params().withQuotaKey(derived.quotaKey());
    if (params instanceof BackfillParams b) {
      params = b.withEstimate(null);
    }
    return spec.withParams(params);
  }

  /**
   * Checks a whole spec read from a file against the same limits as the flags (the file's values
   * are the "asked" ones) and recomputes its derived fields.
   */
  public static OperationSpec check(
      OperationSpec s,
      AurumConfig config,
      OperationDefaults.TypeDefaults d,
      Derivation derived,
      Origin o) {
    SourceQuota quota = config.quotas().get(s.source());
    dates(s.startDate(), s.endDate(), o);
    List<String> datasets;
    try {
      datasets = datasetNames(config, s.source(), s.datasets());
    } catch (AurumException.BadInput e) {
      throw new AurumException.BadInput(o.name("datasets") + ": " + e.getMessage());
    }
    int conc = concurrency(s.concurrency(), d.concurrency(), quota, s.source(), o);
    if (s.params() instanceof BackfillParams b && b.parallelism() != null) {
      conc = parallelism(b.parallelism(), conc, o);
    }
    if (s.params().quality().profile() != null) {
      try {
        config.qualityProfiles().get(s.params().quality().profile());
      } catch (AurumException e) {
        throw new AurumException.BadInput(o.name("quality_profile") + ": " + e.getMessage());
      }
    }
    OperationSpec checked =
        new OperationSpec(
            s.source(),
            s.startDate(),
            s.endDate(),
            datasets,
            conc,
            batchSize(s.batchSize(), d.batchSize(), o),
            maxRetries(s.maxRetries(), d.maxRetries(), o),
            rateLimit(s.rateLimit(), quota, s.source(), o),
            retryBackoff(s.retryBackoffSeconds(), d.retryBackoffSeconds(), o),
            s.force(),
            conflictStrategy(s.conflictStrategy(), d.conflictStrategy(), o),
            s.params());
    return derive(checked, derived);
  }
}
