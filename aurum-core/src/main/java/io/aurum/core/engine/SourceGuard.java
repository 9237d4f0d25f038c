package io.aurum.core.engine;

import io.aurum.core.config.SourceQuota;
import io.aurum.core.model.SourceId;
import io.aurum.core.port.QuotaLedger;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;

/**
 * One operation's view of a source's shared quota and circuit breaker (docs/architecture.md, issue
 * 3):
 *
 * <ul>
 *   <li>the quota's long windows (a minute and more: hourly and daily caps) are counted in the
 *       store's {@link QuotaLedger}, so every operation of every process shares one quota per
 *       source and key; operations get {@code 1 - reserved_share} of it, the rest is kept for
 *       routine ingestion. A spent window makes the task wait for the reset ({@link QuotaWait});
 *   <li>the breaker opens on a burst of 429s ({@link #BURST} within {@link #BURST_WINDOW}), on a
 *       401/403 with a key that worked before (a suspended key), or on a {@code Retry-After} beyond
 *       the source's cap (the operation that got it pauses); while it is open every operation on
 *       the source waits; after the hold one probe request goes, and its success closes it.
 * </ul>
 *
 * The per-second limits stay in the in-process {@link SourceThrottle}. Thread-safe.
 */
public final class SourceGuard {
  static final int BURST = 5;
  static final Duration BURST_WINDOW = Duration.ofSeconds(10);
  static final Duration FIRST_HOLD = Duration.ofSeconds(30);
  static final Duration MAX_HOLD = Duration.ofMinutes(10);
  static final Duration PROBE_TIMEOUT = Duration.ofSeconds(10);
  private static final Duration BREAKER_CACHE = Duration.ofSeconds(1);

  private final QuotaLedger ledger;
  private final SourceId source;
  private final String keyId;
  private final String name;
  private volatile List<QuotaLedger.Window> windows;
  private final Clock clock;
  private final Deque<Instant> recentThrottles = new ArrayDeque<>();
  private Optional<QuotaLedger.Breaker> breaker = Optional.empty();
  private Instant breakerReadAt = Instant.MIN;
  private Duration hold = FIRST_HOLD;

  /** When this guard's probe went, or null when none is out. */
  private Instant probingSince;

  private volatile boolean keyWorked;

  private volatile EngineListener listener = EngineListener.NONE;

  public SourceGuard(
      QuotaLedger ledger,
      SourceId source,
      String keyId,
      List<QuotaLedger.Window> windows,
      Clock clock) {
    this(ledger, source, null, keyId, windows, clock);
  }

  /**
   * The guard of one market of a per-market source ({@code market} null: the source's one quota):
   * its windows and breaker are the market's own, so a PJM 429 storm does not hold NYISO.
   */
  public SourceGuard(
      QuotaLedger ledger,
      SourceId source,
      String market,
      String keyId,
      List<QuotaLedger.Window> windows,
      Clock clock) {
    this.ledger = ledger;
    this.source = source;
    this.keyId = QuotaLedger.laneKey(market, keyId);
    this.name = source.laneName(market);
    this.windows = List.copyOf(windows);
    this.clock = clock;
  }

  /** Tells {@code l} the breaker's state and the tokens left (metrics). */
  void listen(EngineListener l) {
    listener = l;
  }

  /** The quota's windows of a minute or more, at {@code share} of their limit. */
  public static List<QuotaLedger.Window> sharedWindows(SourceQuota quota, double share) {
    return sharedWindows(quota, share, null);
  }

  /**
   * The quota's windows of a minute or more, at {@code share} of their limit; but a window shorter
   * than an hour gives an operation with an explicit {@code rateLimit} (requests/s) what that rate
   * asks of it, up to the whole window: whoever sets {@code --rate-limit} to FRED's 120 a minute
   * gets 120 a minute, and routine ingestion waits at most one such window. Hourly and daily caps
   * always keep the reserved share.
   */
  public static List<QuotaLedger.Window> sharedWindows(
      SourceQuota quota, double share, Double rateLimit) {
    List<QuotaLedger.Window> out = new ArrayList<>();
    for (SourceQuota.Limit l : quota.limits()) {
      if (l.period().compareTo(Duration.ofMinutes(1)) >= 0) {
        long limit = Math.max(1, (long) Math.floor(l.requests() * share));
        if (rateLimit != null && l.period().compareTo(Duration.ofHours(1)) < 0) {
          long asked = (long) Math.ceil(rateLimit * l.period().toNanos() / 1e9);
          limit = Math.min(l.requests(), Math.max(limit, asked));
        }
        out.add(new QuotaLedger.Window(l.period(), limit));
      }
    }
    return out;
  }

  /** New windows (a live change of the rate limit) for the next request on. */
  void windows(List<QuotaLedger.Window> next) {
    windows = List.copyOf(next);
  }

  /**
   * Takes the shared quota for one request, or throws {@link QuotaWait}: the breaker is open (and
   * this is not the one probe after its hold) or a window is spent.
   */
  public void beforeRequest() {
    Instant now = clock.instant();
    List<QuotaLedger.Window> shared = windows;
    synchronized (this) {
      if (Duration.between(breakerReadAt, now).compareTo(BREAKER_CACHE) >= 0
          || breakerReadAt == Instant.MIN) {
        breaker = ledger.breaker(source, keyId);
        breakerReadAt = now;
        listener.breakerState(
            source, name, breaker.isPresent() && now.isBefore(breaker.get().until()));
      }
      if (probingSince != null && !now.isBefore(probingSince.plus(PROBE_TIMEOUT))) {
        // The probe never told how it went (it failed otherwise, or was cancelled): another
        // request probes, instead of everyone waiting on it for ever.
        probingSince = null;
      }
      if (breaker.isPresent()) {
        QuotaLedger.Breaker b = breaker.get();
        if (now.isBefore(b.until()) || probingSince != null) {
          Instant until = now.isBefore(b.until()) ? b.until() : now.plusSeconds(1);
          throw new QuotaWait(
              until,
              "circuit breaker of "
                  + name
                  + " open: "
                  + b.reason()
                  + "; it lets one probe request go at "
                  + clockTime(until)
                  + " and closes when that succeeds",
              true);
        }
        // A spent window holds the probe too; it must not become a probe that never goes.
        take(shared, now);
        // This request is the probe: hold everyone else (every process reads the ledger) while it
        // runs.
        probingSince = now;
        Instant probeUntil = now.plus(PROBE_TIMEOUT);
        ledger.openBreaker(source, keyId, probeUntil, b.reason() + " (probing)");
        breaker = Optional.of(new QuotaLedger.Breaker(probeUntil, b.reason()));
        return;
      }
    }
    take(shared, now);
  }

  private void take(List<QuotaLedger.Window> shared, Instant now) {
    if (shared.isEmpty()) {
      return;
    }
    QuotaLedger.Grant g = ledger.take(source, keyId, shared, now);
    if (g instanceof QuotaLedger.Grant.Granted granted) {
      List<Long> left = granted.left();
      for (int i = 0; i < left.size() && i < shared.size(); i++) {
        listener.quotaLeft(source, name, shared.get(i).period(), left.get(i));
      }
    }
    if (g instanceof QuotaLedger.Grant.Denied d) {
      throw new QuotaWait(
          d.retryAt(),
          "the "
              + name
              + " quota of "
              + d.blocking().limit()
              + " requests per "
              + d.blocking().period()
              + " is spent until "
              + d.retryAt()
              + " ("
              + clockTime(d.retryAt())
              + ")");
    }
  }

  /** An instant as the operator's clock shows it, HH:MM:SS. */
  private String clockTime(Instant t) {
    return WaitNotes.HH_MM_SS.format(LocalTime.ofInstant(t, clock.getZone()));
  }

  /**
   * A request succeeded: the key works, and if it was the probe, the breaker closes. (A request
   * that started before the breaker opened proves nothing about the key now.)
   */
  public void onSuccess() {
    keyWorked = true;
    synchronized (this) {
      if (probingSince != null) {
        ledger.closeBreaker(source, keyId);
        breaker = Optional.empty();
        probingSince = null;
        hold = FIRST_HOLD;
        listener.breakerState(source, name, false);
      }
    }
  }

  /**
   * A 429 that is news (the throttle already held the lane for the ones before it): a burst of them
   * opens the breaker for every operation on the source.
   */
  public synchronized void onThrottled() {
    Instant now = clock.instant();
    recentThrottles.addLast(now);
    while (!recentThrottles.isEmpty()
        && recentThrottles.peekFirst().isBefore(now.minus(BURST_WINDOW))) {
      recentThrottles.pollFirst();
    }
    if (probingSince != null) {
      open(now, "the probe after the hold was throttled too");
    } else if (recentThrottles.size() >= BURST) {
      open(now, BURST + " throttled responses within " + BURST_WINDOW.toSeconds() + " s");
      recentThrottles.clear();
    }
  }

  /**
   * A 401 or 403. When the key worked before, it was suspended: open the breaker and return true
   * (the task waits instead of failing). A key that never worked is a plain permanent error.
   */
  public synchronized boolean onRejectedKey(int status) {
    if (!keyWorked && probingSince == null) {
      return false;
    }
    open(clock.instant(), "HTTP " + status + " on a key that worked: suspended key?");
    return true;
  }

  /**
   * The upstream asked for a wait beyond the source's {@code Retry-After} cap: the breaker opens
   * for the usual hold, so that every operation on the source stops asking until one probe has gone
   * (and the probe's own answer decides again).
   */
  public synchronized void onRetryAfterBeyondCap() {
    open(clock.instant(), "a Retry-After beyond the cap (max_retry_after_seconds)");
  }

  /** When the breaker (as last read) lets requests go again. */
  public synchronized Optional<Instant> openUntil() {
    return breaker.map(QuotaLedger.Breaker::until);
  }

  private void open(Instant now, String reason) {
    Instant until = now.plus(hold);
    ledger.openBreaker(source, keyId, until, reason);
    breaker = Optional.of(new QuotaLedger.Breaker(until, reason));
    breakerReadAt = now;
    probingSince = null;
    hold = hold.multipliedBy(2).compareTo(MAX_HOLD) > 0 ? MAX_HOLD : hold.multipliedBy(2);
    listener.breakerState(source, name, true);
  }
}
