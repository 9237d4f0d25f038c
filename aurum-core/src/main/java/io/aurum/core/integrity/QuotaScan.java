package io.aurum.core.integrity;

import io.aurum.core.config.SourceQuota;
import io.aurum.core.model.SourceId;
import io.aurum.core.port.IntegrityReader.QuotaWindowUse;
import io.aurum.core.port.MetricsHistory;
import io.aurum.core.port.Store;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The quota findings of {@code emergency assess}: a {@link Kind#QUOTA_WINDOW} finding for each
 * quota lane (source key, or market and key) whose current window in the store is at least {@link
 * #NEARLY} used. LOW while requests are left; MEDIUM when the window is spent or the source got
 * throttled answers (429) in the last {@link #RECENT}: operations then wait, like behind an open
 * breaker. Reads only.
 */
public final class QuotaScan {
  /** The share of a window's limit from which it is reported. */
  public static final double NEARLY = 0.8;

  /** How far back throttled answers count as recent. */
  public static final Duration RECENT = Duration.ofMinutes(15);

  private QuotaScan() {}

  /** The findings of the source's windows and recent traffic in {@code store}, at {@code now}. */
  public static List<Finding> scan(Store store, SourceId source, SourceQuota quota, Instant now) {
    long throttled = 0;
    for (MetricsHistory.SourceBucket b :
        store.history().buckets(now.minus(RECENT), now.plus(Duration.ofMinutes(1)), source)) {
      throttled += b.throttled();
    }
    return findings(source, quota, store.integrity().quotaWindows(source, now), throttled);
  }

  /**
   * The findings of these current windows, given the source's {@code throttled} answers in the last
   * {@link #RECENT}. A window whose period the configuration no longer has is not judged.
   */
  public static List<Finding> findings(
      SourceId source, SourceQuota quota, List<QuotaWindowUse> windows, long throttled) {
    List<Finding> out = new ArrayList<>();
    for (QuotaWindowUse w : windows) {
      int colon = w.keyId().indexOf(':');
      String market = colon < 0 ? null : w.keyId().substring(0, colon);
      SourceQuota lane = quota.lane(market);
      SourceQuota.Limit limit =
          lane.limits().stream()
              .filter(l -> l.period().equals(w.period()))
              .findFirst()
              .orElse(null);
      if (limit == null || w.used() < NEARLY * limit.requests()) {
        continue;
      }
      boolean spent = w.used() >= limit.requests();
      Severity severity = spent || throttled > 0 ? Severity.MEDIUM : Severity.LOW;
      Instant resets = w.start().plus(w.period());
      long percent = Math.round(100.0 * w.used() / limit.requests());
      String evidence =
          "quota window of "
              + (market == null ? "key " : "market " + market + ", key ")
              + w.keyId().substring(colon + 1)
              + ": "
              + w.used()
              + " of "
              + limit.requests()
              + " requests per "
              + w.period()
              + " used ("
              + percent
              + "%"
              + (spent ? ", spent" : "")
              + "; operations may use "
              + Math.round(100 * (1 - lane.reservedShare()))
              + "%), resets at "
              + resets
              + "; "
              + throttled
              + " throttled answer(s) (429) from "
              + source.cliName()
              + " in the last "
              + RECENT.toMinutes()
              + " minutes";
      String action =
          (spent ? "the window is spent: " : "")
              + "wait until "
              + resets
              + " before recovering, or lower the concurrency of running operations (aurum"
              + " adjust)";
      out.add(
          new Finding(
              Kind.QUOTA_WINDOW,
              severity,
              source,
              null,
              List.of(),
              evidence,
              action,
              null,
              null,
              new Finding.QuotaUse(
                  w.keyId(), w.period(), w.used(), limit.requests(), resets, throttled, RECENT)));
    }
    return out;
  }
}
