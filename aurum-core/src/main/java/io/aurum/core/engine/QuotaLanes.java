package io.aurum.core.engine;

import io.aurum.core.config.SourceQuota;
import io.aurum.core.model.Dataset;
import io.aurum.core.model.SourceId;
import io.aurum.core.port.FetchSlots;
import io.aurum.core.port.QuotaLedger;
import io.aurum.core.port.SharedPacing;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;

/**
 * An operation's quota lanes: one per market when the source's quota is per market (ISO), else one
 * for the whole source. Each lane has its own rate limiter ({@link SourceThrottle}), its own
 * shared-quota guard (ledger windows and circuit breaker, {@link SourceGuard}) and its own fetch
 * slots ({@code max_concurrency}), so a slow or throttled market never paces or holds another.
 * Where the ledger shares fetch slots ({@link FetchSlots}, PostgreSQL), a fetch also holds one of
 * the lane's slots in the database, so every process together keeps the cap. Thread-safe.
 */
final class QuotaLanes {
  private static final String SOURCE_LANE = "";
  private static final Duration MIN_SLOT_WAIT = Duration.ofMillis(200);
  private static final Duration MAX_SLOT_WAIT = Duration.ofSeconds(10);

  private final QuotaLedger ledger;
  private final SourceId source;
  private final SourceQuota quota;
  private final String keyId;
  private final boolean ingest;
  private final Clock clock;
  private final EngineListener listener;
  private final Duration slotLease;
  private final Map<String, Lane> lanes = new ConcurrentHashMap<>();
  private volatile Double rateLimit;

  /**
   * @param ingest routine ingestion may use a lane's whole quota; every other operation leaves it
   *     its reserved share
   * @param slotLease how long a fetch slot shared in the database outlives a dead process
   */
  QuotaLanes(
      QuotaLedger ledger,
      SourceId source,
      SourceQuota quota,
      String keyId,
      boolean ingest,
      Double rateLimit,
      Clock clock,
      EngineListener listener,
      Duration slotLease) {
    this.listener = listener;
    this.slotLease = slotLease;
    this.ledger = ledger;
    this.source = source;
    this.quota = quota;
    this.keyId = keyId;
    this.ingest = ingest;
    this.rateLimit = rateLimit;
    this.clock = clock;
  }

  /** The lane a dataset's requests go through. */
  Lane of(Dataset d) {
    String market = quota.laneOf(d);
    return lanes.computeIfAbsent(market == null ? SOURCE_LANE : market, k -> new Lane(market));
  }

  /**
   * A changed rate limit (live adjustment): every lane paces by it from its next request. The
   * throttles are reconfigured in place, so the requests already counted in the upstream's windows
   * still count.
   */
  void rate(Double next) {
    rateLimit = next;
    for (Lane l : lanes.values()) {
      l.throttle.reconfigure(l.pace());
      l.guard.windows(SourceGuard.sharedWindows(l.quota, l.share, next));
    }
  }

  /**
   * A fetch's hold on its lane's slots, given back by {@link Lane#leave}: {@code ticket} is the
   * slot shared in the database (0: none, one process counts alone).
   */
  record Entry(long ticket) {
    private static final Entry LOCAL = new Entry(0);
  }

  /** One lane: a market of the source, or the source itself ({@code market} null). */
  final class Lane {
    final String market;
    final SourceQuota quota;
    final SourceGuard guard;
    private final double share;
    private final Semaphore slots;
    private final FetchSlots shared;
    private final String laneKey;
    private final LanePacer throttle;

    private Lane(String market) {
      this.market = market;
      this.quota = QuotaLanes.this.quota.lane(market);
      this.share = ingest ? 1.0 : 1 - quota.reservedShare();
      this.guard =
          new SourceGuard(
              ledger,
              source,
              market,
              keyId,
              SourceGuard.sharedWindows(quota, share, rateLimit),
              clock);
      guard.listen(listener);
      this.laneKey = source.cliName() + "/" + QuotaLedger.laneKey(market, keyId);
      this.shared = ledger.fetchSlots().orElse(null);
      // In one process, the operation's concurrency already caps a one-quota source; a market
      // needs its own cap. With slots shared in the database, this process's own count spares it
      // a round trip when it alone holds them all (a worker's --concurrency may exceed the cap).
      this.slots = market == null && shared == null ? null : new Semaphore(quota.maxConcurrency());
      this.throttle = pacer();
    }

    /**
     * Paced at the operation's rate, the upstream's own limits checked as strict windows: with
     * every process on a shared database when the ledger can (PostgreSQL) and a round trip per
     * request is cheap at the lane's rate, else in this process alone.
     */
    private LanePacer pacer() {
      List<SourceQuota.Limit> pace = pace();
      Optional<SharedPacing> shared = ledger.sharedPacing();
      if (shared.isPresent() && SourceQuota.rateOf(pace) <= SharedThrottle.MAX_RATE) {
        return new SharedThrottle(shared.get(), laneKey, pace, quota.limits(), Ticker.SYSTEM);
      }
      return new SourceThrottle(pace, quota.limits());
    }

    private List<SourceQuota.Limit> pace() {
      return SourceThrottle.paced(SourceThrottle.limitsFor(quota, rateLimit, 0.8));
    }

    LanePacer throttle() {
      return throttle;
    }

    /**
     * Takes one of the lane's fetch slots: this process's, then (PostgreSQL) one shared by every
     * process. Null when all are in use (try again later); else give it back with {@link #leave}.
     */
    Entry tryEnter() {
      if (slots != null && !slots.tryAcquire()) {
        return null;
      }
      if (shared == null) {
        return Entry.LOCAL;
      }
      OptionalLong ticket;
      try {
        ticket = shared.take(laneKey, quota.maxConcurrency(), slotLease);
      } catch (RuntimeException e) {
        slots.release();
        throw e;
      }
      if (ticket.isEmpty()) {
        slots.release();
        return null;
      }
      return new Entry(ticket.getAsLong());
    }

    /**
     * The fetch is over: its last response is in (should a connector not have said so), and its
     * slots are free: the shared one first, so that this process's next fetch finds it free.
     */
    void leave(Entry entry) {
      throttle.responded();
      try {
        if (entry.ticket() != 0) {
          shared.release(entry.ticket());
        }
      } finally {
        if (slots != null) {
          slots.release();
        }
      }
    }

    /** Why a fetch found no free slot, for the task's wait note. */
    String busy() {
      return "all "
          + quota.maxConcurrency()
          + " request slot(s) of "
          + name()
          + " busy"
          + (shared == null ? "" : " (max_concurrency, shared by every process)");
    }

    /** How long a task that found no free slot waits: about one request interval of the lane. */
    Duration slotWait() {
      double rate = throttle.currentRate();
      Duration d = Duration.ofNanos((long) Math.min(MAX_SLOT_WAIT.toNanos(), 1e9 / rate));
      return d.compareTo(MIN_SLOT_WAIT) < 0 ? MIN_SLOT_WAIT : d;
    }

    /** The lane's name in messages: {@code iso/pjm}, or the source. */
    String name() {
      return source.laneName(market);
    }
  }
}
