package io.aurum.core.engine;

import io.aurum.core.config.SourceQuota;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.function.BooleanSupplier;

/**
 * Paces the requests of one quota lane so that no quota server can fault them, the strictest being
 * a sliding window that refuses a request when N were accepted within the last period P:
 *
 * <ul>
 *   <li><b>Spacing.</b> Request starts are at least one interval apart, shared by every worker of
 *       the lane: the interval of the strictest paced limit's rate, {@link #MARGIN} under it. A
 *       request that starts late moves the next one with it: no credit is banked, so a stall is
 *       never caught up with a burst.
 *   <li><b>Windows.</b> For each limit of the upstream's quota shorter than an hour, a request
 *       starts only when fewer than N earlier requests may still be in the upstream's window. A
 *       request counts from its start until P after its response came back (the upstream must have
 *       seen it by then, however late it arrived), so arrival jitter cannot fault us; only a
 *       response slower than the spacing's margin delays the next request.
 *   <li><b>After a 429.</b> Every request of the lane is held for {@code Retry-After} (capped at
 *       {@link #holdCap}), the rate halves, and it climbs back linearly to the configured rate
 *       within one period of the lane's longest limit (at most a minute) after the hold. A 429 of a
 *       request that was already in flight when an earlier 429 came back is an echo of it: it may
 *       lengthen the hold but does not halve the rate again.
 * </ul>
 *
 * Bucket4j's token buckets were dropped: a bucket grants its capacity at once after a quiet spell,
 * and that burst is exactly what a window refuses. Thread-safe.
 */
public final class SourceThrottle implements LanePacer {
  /** How far under the configured rate requests are spaced. */
  static final double MARGIN = 0.02;

  private static final double MIN_FACTOR = 1.0 / 16;
  private static final Duration NO_RETRY_AFTER = Duration.ofSeconds(1);
  private static final long MIN_RECOVERY_NANOS = 1_000_000_000L;
  private static final long MAX_RECOVERY_NANOS = 60_000_000_000L;

  /** A request whose response never came back counts in the windows for at most this long. */
  static final Duration MAX_UNANSWERED = Duration.ofMinutes(2);

  private static final long MAX_TOLERANCE_NANOS = 5_000_000L;

  /**
   * What a 429 did: {@code fresh} when it is news (not an echo of a hold already taken), the {@code
   * Retry-After} honoured (capped; null when the upstream gave none) and how long the lane now
   * holds its requests.
   */
  public record Hold(boolean fresh, Duration retryAfter, Duration remaining) {}

  /**
   * One request: when it started and when its response came back ({@code Long.MAX_VALUE}: not yet).
   */
  private static final class Slot {
    final long start;
    long answered = Long.MAX_VALUE;

    Slot(long start) {
      this.start = start;
    }

    /** Until when the upstream may count it in a window of {@code period} nanos. */
    long countsUntil(long period) {
      long end = Math.min(answered, start + MAX_UNANSWERED.toNanos());
      return end + period;
    }
  }

  private final Ticker ticker;
  private final List<SourceQuota.Limit> windows;
  private final long longestWindow;
  private final ThreadLocal<Slot> current = new ThreadLocal<>();

  /** Requests that may still count in a window, oldest first. */
  private final Deque<Slot> live = new ArrayDeque<>();

  private double ratePerSecond;
  private long intervalNanos;
  private long recoveryNanos;
  private boolean started;
  private long lastStart;
  private long pausedUntil;
  private boolean paused;
  private long lastFreshThrottle;
  private boolean throttledOnce;
  private double floorFactor = 1.0;
  private long recoveryFrom;

  /**
   * @param pace the limits to pace by, already scaled (80 % for auto, or the user's rate)
   * @param windows the upstream's own limits, checked as strict sliding windows (those of an hour
   *     or more are left to the shared quota ledger)
   */
  public SourceThrottle(List<SourceQuota.Limit> pace, List<SourceQuota.Limit> windows) {
    this(pace, windows, Ticker.SYSTEM);
  }

  SourceThrottle(List<SourceQuota.Limit> pace, List<SourceQuota.Limit> windows, Ticker ticker) {
    this.ticker = ticker;
    this.windows = List.copyOf(shorterThanAnHour(windows));
    this.longestWindow = this.windows.stream().mapToLong(l -> l.period().toNanos()).max().orElse(0);
    reconfigure(pace);
  }

  /** A throttle that only paces by {@code pace}, with no window of the upstream's to check. */
  public SourceThrottle(List<SourceQuota.Limit> pace) {
    this(pace, List.of());
  }

  /**
   * Limits for an operation: {@code rateLimit} requests/s on top of the quota, or (null) auto,
   * which is {@code autoShare} of every limit of the quota.
   */
  public static List<SourceQuota.Limit> limitsFor(
      SourceQuota quota, Double rateLimit, double autoShare) {
    List<SourceQuota.Limit> out = new ArrayList<>();
    if (rateLimit == null) {
      for (SourceQuota.Limit l : quota.limits()) {
        out.add(scale(l, autoShare));
      }
      return out;
    }
    // Never above the quota's burst: one user rate applied to every market of a per-market source
    // (ISO) is capped at each market's own limit.
    out.add(perSecond(Math.min(rateLimit, quota.burstPerSecond())));
    // Longer windows of the quota still hold in full: a user rate cannot outrun a daily cap.
    for (SourceQuota.Limit l : quota.limits()) {
      if (l.period().compareTo(Duration.ofSeconds(1)) > 0) {
        out.add(l);
      }
    }
    return out;
  }

  /**
   * The limits this process paces itself by: those shorter than an hour. Hourly and daily caps are
   * counted in the shared quota ledger instead ({@link SourceGuard}), where every process sees
   * them.
   */
  public static List<SourceQuota.Limit> paced(List<SourceQuota.Limit> limits) {
    List<SourceQuota.Limit> out = shorterThanAnHour(limits);
    if (out.isEmpty()) {
      out.add(new SourceQuota.Limit(1_000_000, Duration.ofSeconds(1)));
    }
    return out;
  }

  private static List<SourceQuota.Limit> shorterThanAnHour(List<SourceQuota.Limit> limits) {
    List<SourceQuota.Limit> out = new ArrayList<>();
    for (SourceQuota.Limit l : limits) {
      if (l.period().compareTo(Duration.ofHours(1)) < 0) {
        out.add(l);
      }
    }
    return out;
  }

  /** A limit of {@code rate} requests per second, as whole requests over a period. */
  static SourceQuota.Limit perSecond(double rate) {
    long tokens = Math.max(1, Math.round(rate));
    return new SourceQuota.Limit(tokens, Duration.ofNanos((long) (tokens / rate * 1e9)));
  }

  private static SourceQuota.Limit scale(SourceQuota.Limit l, double share) {
    long tokens = Math.max(1, (long) Math.floor(l.requests() * share));
    // Keep the rate exact when rounding the tokens: stretch the period instead.
    double rate = l.perSecond() * share;
    return new SourceQuota.Limit(tokens, Duration.ofNanos((long) (tokens / rate * 1e9)));
  }

  /**
   * How long {@code requests} take through these limits: the first goes at once, each next one an
   * interval later ({@link #MARGIN} under the strictest rate of the limits shorter than an hour); a
   * cap of an hour or more (counted in the shared ledger) is all there at the start and then
   * refills at its rate.
   */
  public static Duration timeFor(long requests, List<SourceQuota.Limit> limits) {
    double seconds = 0;
    List<SourceQuota.Limit> paced = shorterThanAnHour(limits);
    if (requests > 1 && !paced.isEmpty()) {
      seconds = (requests - 1) / (SourceQuota.rateOf(paced) * (1 - MARGIN));
    }
    for (SourceQuota.Limit l : limits) {
      if (l.period().compareTo(Duration.ofHours(1)) >= 0) {
        seconds = Math.max(seconds, Math.max(0, requests - l.requests()) / l.perSecond());
      }
    }
    return Duration.ofNanos((long) Math.min(Long.MAX_VALUE, seconds * 1e9));
  }

  /** Paces by new limits from the next request on (a live change of the rate limit). */
  public synchronized void reconfigure(List<SourceQuota.Limit> pace) {
    List<SourceQuota.Limit> limits = paced(pace);
    ratePerSecond = SourceQuota.rateOf(limits);
    intervalNanos = (long) Math.min(Long.MAX_VALUE / 4, 1e9 / (ratePerSecond * (1 - MARGIN)));
    long longest = limits.stream().mapToLong(l -> l.period().toNanos()).max().orElse(0);
    recoveryNanos =
        Math.min(
            MAX_RECOVERY_NANOS, Math.max(MIN_RECOVERY_NANOS, Math.max(longest, longestWindow)));
  }

  /** The rate this throttle spaces requests at now, requests per second. */
  public synchronized double currentRate() {
    return ratePerSecond * (1 - MARGIN) * factor(ticker.nanos());
  }

  /**
   * The longest hold a {@code Retry-After} may ask for: the lane's longest window, at least a
   * minute and at most five. A larger value (a date in 2099, 99999999999 seconds) is a bug or an
   * insult upstream; waiting that long would only freeze the run.
   */
  public synchronized Duration holdCap() {
    long longest = Math.max(longestWindow, recoveryNanos);
    return Duration.ofNanos(Math.max(60_000_000_000L, Math.min(300_000_000_000L, longest)));
  }

  /**
   * Blocks until a request may go, and counts it from now. {@code cancelled} is polled while
   * waiting.
   *
   * @throws CancellationException when {@code cancelled} turns true or the thread is interrupted
   */
  public void acquire(BooleanSupplier cancelled) {
    while (true) {
      long wait;
      synchronized (this) {
        long now = ticker.nanos();
        wait = delay(now);
        if (wait <= 0) {
          take(now);
          return;
        }
      }
      ticker.pause(wait, cancelled);
    }
  }

  /** The response of this thread's last request came back (idempotent). */
  public synchronized void responded() {
    Slot s = current.get();
    if (s != null && s.answered == Long.MAX_VALUE) {
      s.answered = ticker.nanos();
    }
  }

  /**
   * The upstream answered this thread's last request with 429: hold every request of the lane for
   * {@code retryAfter} (capped at {@link #holdCap}; one second when null) and, unless it is an echo
   * of an earlier 429, halve the rate.
   */
  public synchronized Hold onThrottled(Duration retryAfter) {
    long now = ticker.nanos();
    Slot s = current.get();
    if (s != null && s.answered == Long.MAX_VALUE) {
      s.answered = now;
    }
    Duration cap = holdCap();
    Duration honoured =
        retryAfter == null ? null : retryAfter.isNegative() ? Duration.ZERO : min(retryAfter, cap);
    long holdNanos = (honoured == null ? NO_RETRY_AFTER : honoured).toNanos();
    long until = now + holdNanos;
    if (!paused || until - pausedUntil > 0) {
      pausedUntil = until;
      paused = true;
    }
    // A request that started before the last fresh 429 came back was sent into the same overload:
    // its 429 tells nothing new.
    boolean fresh = !throttledOnce || s == null || s.start - lastFreshThrottle > 0;
    if (fresh) {
      floorFactor = Math.max(MIN_FACTOR, factor(now) / 2);
      lastFreshThrottle = now;
      throttledOnce = true;
    }
    // The climb back starts when the hold ends.
    recoveryFrom = pausedUntil;
    return new Hold(fresh, honoured, Duration.ofNanos(Math.max(0, pausedUntil - now)));
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }

  /** The share of the configured rate granted at {@code now}: 1 unless a 429 came recently. */
  private double factor(long now) {
    if (floorFactor >= 1.0) {
      return 1.0;
    }
    long since = now - recoveryFrom;
    if (since <= 0) {
      return floorFactor;
    }
    if (since >= recoveryNanos) {
      floorFactor = 1.0;
      return 1.0;
    }
    return floorFactor + (1 - floorFactor) * since / (double) recoveryNanos;
  }

  /** Nanoseconds until a request may start at {@code now}; 0 or less: it may start now. */
  synchronized long delay(long now) {
    long wait = 0;
    if (paused) {
      if (pausedUntil - now > 0) {
        return pausedUntil - now;
      }
      paused = false;
    }
    if (started) {
      wait = Math.max(wait, lastStart + interval(now) - now);
    }
    prune(now);
    for (SourceQuota.Limit w : windows) {
      wait = Math.max(wait, windowDelay(w, now));
    }
    return wait;
  }

  /** How long until fewer than N requests may be in the upstream's window {@code w}. */
  private long windowDelay(SourceQuota.Limit w, long now) {
    long period = w.period().toNanos();
    long[] ends = new long[live.size()];
    int n = 0;
    for (Slot s : live) {
      long until = s.countsUntil(period);
      if (until - now > 0) {
        ends[n++] = until;
      }
    }
    if (n < w.requests()) {
      return 0;
    }
    // The (n - N + 1)-th of them to leave the window makes room for one more.
    Arrays.sort(ends, 0, n);
    return ends[(int) (n - w.requests())] - now;
  }

  /** Forgets requests that can no longer count in any window. */
  private void prune(long now) {
    Iterator<Slot> it = live.iterator();
    while (it.hasNext()) {
      if (it.next().countsUntil(longestWindow) - now <= 0) {
        it.remove();
      }
    }
  }

  /** Counts a request starting at {@code now}. */
  synchronized void take(long now) {
    // A thread sends one request at a time: its previous one has been answered by now.
    Slot previous = current.get();
    if (previous != null && previous.answered == Long.MAX_VALUE) {
      previous.answered = now;
    }
    Slot s = new Slot(now);
    if (!windows.isEmpty()) {
      live.addLast(s);
    }
    current.set(s);
    // A start a little late (a thread woken late) keeps to the grid of intervals, so oversleeping
    // does not slow the run; later than that, the grid moves with it: no credit is banked.
    long due = started ? lastStart + interval(now) : now;
    lastStart = now - due > 0 && now - due <= tolerance(now) ? due : now;
    started = true;
  }

  private long interval(long now) {
    return (long) (intervalNanos / factor(now));
  }

  /**
   * How late a start may be and still keep to the grid: half the margin of an interval (each gap
   * stays above the configured rate's own interval), at most {@link #MAX_TOLERANCE_NANOS}.
   */
  private long tolerance(long now) {
    return Math.min(MAX_TOLERANCE_NANOS, (long) (interval(now) * MARGIN / 2));
  }
}
