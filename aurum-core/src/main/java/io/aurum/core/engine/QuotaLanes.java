package io.aurum.core.engine;

import io.aurum.core.config.SourceQuota;
import io.aurum.core.model.Dataset;
import io.aurum.core.model.SourceId;
import io.aurum.core.port.QuotaLedger;
import io.aurum.core.port.SharedPacing;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * An operation's quota lanes: one per market when the source's quota is per market (ISO), else one
 * for the whole source. Each lane has its own rate limiter ({@link SourceThrottle}), its own
 * shared-quota guard (ledger windows and circuit breaker, {@link SourceGuard}) and its own fetch
 * slots ({@code max_concurrency}), so a slow or throttled market never paces or holds another.
 * Where the ledger shares fetch slots ({@link io.aurum.core.port.FetchSlots}, PostgreSQL), a fetch
 * also holds one of the lane's slots in the database, so every process together keeps the cap
 * ({@link LaneSlots}). Thread-safe.
 */
final class QuotaLanes {
  private static final String SOURCE_LANE = "";
  private static final Duration MIN_SLOT_WAIT = Duration.ofMillis(200);
  private static final Duration MAX_SLOT_WAIT = Duration.ofSeconds(10);

  /** How long a fetch of a one-quota source waits for a slot shared by every process. */
  private static final Duration SOURCE_SLOT_WAIT = Duration.ofSeconds(10);

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

  /** One lane: a market of the source, or the source itself ({@code market} null). */
  final class Lane {
    final String market;
    final SourceQuota quota;
    final SourceGuard guard;
    private final double share;
    private final LaneSlots slots;
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
      // In one process, the operation's concurrency already caps a one-quota source; a market
      // needs its own count.
      this.slots =
          new LaneSlots(
              quota.maxConcurrency(),
              market != null,
              ledger.fetchSlots().orElse(null),
              laneKey,
              slotLease);
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
     * Takes one of the lane's fetch slots, waiting a little where every process shares them (see
     * {@link LaneSlots}): null when none came (try again later); else give it back with {@link
     * #leave}.
     *
     * @throws java.util.concurrent.CancellationException when {@code stop} turns true
     */
    LaneSlots.Entry enter(java.util.function.BooleanSupplier stop) {
      // A market's fetch waits about one request interval, then frees its worker for the other
      // markets; a source's single lane has nothing else for it to do, and turning windows away
      // only churns them through the store while other processes hold the slots.
      return slots.enter(market == null ? SOURCE_SLOT_WAIT : slotWait(), stop);
    }

    /** Whether the lane's slots are shared by every process (a fetch may wait for one). */
    boolean sharedSlots() {
      return slots.shared();
    }

    /**
     * The fetch is over: its last response is in (should a connector not have said so), and its
     * slot is free.
     */
    void leave(LaneSlots.Entry entry) {
      throttle.responded();
      slots.leave(entry);
    }

    /** Why a fetch found no free slot, for the task's wait note. */
    String busy() {
      return "all "
          + slots.cap()
          + " request slot(s) of "
          + name()
          + " busy"
          + (slots.shared() ? " (max_concurrency, shared by every process)" : "");
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
