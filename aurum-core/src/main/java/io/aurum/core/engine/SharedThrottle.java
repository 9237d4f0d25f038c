package io.aurum.core.engine;

import io.aurum.core.config.SourceQuota;
import io.aurum.core.port.SharedPacing;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.BooleanSupplier;

/**
 * Paces a quota lane together with every other process on the same PostgreSQL: each request takes
 * the lane's next slot from the database ({@link SharedPacing}), whose clock decides the slots, so
 * that four processes at one quota Q send no more than one process would. The rules are those of
 * {@link SourceThrottle}, kept in the database instead of this process:
 *
 * <ul>
 *   <li><b>Spacing.</b> Slots are one interval apart ({@link SourceThrottle#MARGIN} under the
 *       strictest paced rate); an idle lane starts at once, no credit banked.
 *   <li><b>Windows.</b> For each limit of the upstream's quota shorter than an hour, a slot is
 *       given only when fewer than N requests may still be in the upstream's window; a request
 *       counts from its slot until a period after its answer was reported.
 *   <li><b>After a 429.</b> The lane is held for {@code Retry-After} (capped at {@link #HOLD_CAP};
 *       a second when none) in every process. The rate is not halved: the slots are exact, so a 429
 *       means another client spends the key, and the hold is what it asks for.
 * </ul>
 *
 * A reservation is one round trip, so a lane is shared this way only up to {@link #MAX_RATE}
 * requests a second (QuotaLanes); a faster lane paces per process. Thread-safe.
 */
final class SharedThrottle implements LanePacer {
  /** The fastest lane paced through the database: a round trip per request stays cheap. */
  static final double MAX_RATE = 100;

  static final Duration HOLD_CAP = Duration.ofMinutes(5);
  private static final Duration NO_RETRY_AFTER = Duration.ofSeconds(1);

  /**
   * Reports answers off the workers' threads: a worker's next reservation need not wait for the
   * report's round trip, and the report's bound was taken when the answer came. A report that is
   * late or lost only keeps its request counting longer (as if it arrived when the lane is next
   * judged, for two minutes at most), never shorter.
   */
  private static final ExecutorService REPORTS =
      Executors.newSingleThreadExecutor(
          r -> {
            Thread t = new Thread(r, "aurum-pacing-reports");
            t.setDaemon(true);
            return t;
          });

  private final SharedPacing pacing;
  private final String lane;
  private final List<SourceQuota.Limit> windows;
  private final Ticker ticker;
  private final ThreadLocal<InFlight> current = new ThreadLocal<>();

  /**
   * This thread's request: its id, when its slot was due by this process's clock, and the round
   * trip of its reservation (the most the process's due time can lag the database's slot).
   */
  private record InFlight(long id, long due, long roundTrip) {}

  private volatile double rate;
  private volatile Duration interval;

  /**
   * @param lane the lane's name in the database: source and ledger key
   * @param pace the limits to pace by, already scaled (80 % for auto, or the user's rate)
   * @param windows the upstream's own limits (those shorter than an hour are checked)
   */
  SharedThrottle(
      SharedPacing pacing,
      String lane,
      List<SourceQuota.Limit> pace,
      List<SourceQuota.Limit> windows,
      Ticker ticker) {
    this.pacing = pacing;
    this.lane = lane;
    this.windows =
        windows.stream().filter(l -> l.period().compareTo(Duration.ofHours(1)) < 0).toList();
    this.ticker = ticker;
    reconfigure(pace);
  }

  @Override
  public void reconfigure(List<SourceQuota.Limit> pace) {
    double r = SourceQuota.rateOf(SourceThrottle.paced(pace));
    rate = r;
    interval = Duration.ofNanos((long) Math.min(Long.MAX_VALUE / 4, 1e9 / (r * (1 - margin()))));
  }

  private static double margin() {
    return SourceThrottle.MARGIN;
  }

  @Override
  public double currentRate() {
    return rate * (1 - margin());
  }

  @Override
  public void acquire(BooleanSupplier cancelled) {
    // A thread sends one request at a time: its previous one has been answered by now.
    responded();
    if (cancelled.getAsBoolean()) {
      throw new CancellationException("operation cancelled");
    }
    while (true) {
      long asked = ticker.nanos();
      SharedPacing.Slot slot =
          pacing.reserve(lane, interval, windows, SourceThrottle.MAX_UNANSWERED);
      long told = ticker.nanos();
      try {
        waitFor(slot.delay(), cancelled);
      } catch (CancellationException e) {
        if (slot.reserved()) {
          // The slot goes unused: it must not count in the windows as if still in flight.
          pacing.answered(slot.requestId(), Duration.ZERO);
        }
        throw e;
      }
      if (slot.reserved()) {
        current.set(new InFlight(slot.requestId(), told + slot.delay().toNanos(), told - asked));
        return;
      }
    }
  }

  /** Waits {@code delay}, polling {@code cancelled}. */
  private void waitFor(Duration delay, BooleanSupplier cancelled) {
    long due = ticker.nanos() + delay.toNanos();
    while (true) {
      long wait = due - ticker.nanos();
      if (wait <= 0) {
        return;
      }
      ticker.pause(wait, cancelled);
    }
  }

  @Override
  public void responded() {
    InFlight f = current.get();
    if (f != null) {
      current.remove();
      long afterDue = Math.max(0, ticker.nanos() - f.due());
      Duration bound = Duration.ofNanos(afterDue + f.roundTrip());
      REPORTS.execute(
          () -> {
            try {
              pacing.answered(f.id(), bound);
            } catch (RuntimeException e) {
              // Lost: the request counts until the unanswered cap, which only slows the lane.
            }
          });
    }
  }

  @Override
  public SourceThrottle.Hold onThrottled(Duration retryAfter) {
    responded();
    Duration honoured =
        retryAfter == null
            ? null
            : retryAfter.isNegative()
                ? Duration.ZERO
                : retryAfter.compareTo(HOLD_CAP) > 0 ? HOLD_CAP : retryAfter;
    SharedPacing.Hold h = pacing.throttled(lane, honoured == null ? NO_RETRY_AFTER : honoured);
    return new SourceThrottle.Hold(h.fresh(), honoured, h.remaining());
  }
}
