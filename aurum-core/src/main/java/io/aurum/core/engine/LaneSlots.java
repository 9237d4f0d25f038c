package io.aurum.core.engine;

import io.aurum.core.port.FetchSlots;
import java.time.Duration;
import java.util.OptionalLong;
import java.util.concurrent.CancellationException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * The fetch slots of one quota lane ({@code max_concurrency}): a fetch window holds one while it
 * talks to the upstream. In one process (SQLite) a market counts its own and a one-quota source is
 * capped by the operation's concurrency; a fetch that finds none free is turned away at once, as
 * before. Where the ledger shares slots ({@link FetchSlots}, PostgreSQL) every lane also holds one
 * in the database, so all processes together keep the cap; there a fetch waits a little for one:
 *
 * <ul>
 *   <li>for this process's own count (a semaphore of the cap), woken as soon as one of its own
 *       fetches ends, so a process holding every slot asks the database nothing;
 *   <li>then for a slot in the database, asked by one thread of the lane at a time, again after 2,
 *       4, 8… ms (at most {@link #MAX_POLL_NANOS}), or at once when a fetch of this process ends.
 * </ul>
 *
 * A fetch still without a slot after its wait is turned away (its window waits its turn in the
 * store). Thread-safe.
 */
final class LaneSlots {
  /** A fetch's hold, given back by {@link #leave}: the database's ticket, 0 when none. */
  record Entry(long ticket) {
    static final Entry LOCAL = new Entry(0);
  }

  private static final long FIRST_POLL_NANOS = 2_000_000L;
  private static final long MAX_POLL_NANOS = 25_000_000L;

  /** The longest a wait blocks before it looks at {@code stop} again. */
  private static final long STOP_CHECK_NANOS = 50_000_000L;

  private final int cap;
  private final Semaphore local;
  private final FetchSlots shared;
  private final String lane;
  private final Duration lease;

  /** One thread of the lane asks the database at a time; the others wait their turn here. */
  private final Semaphore asking = new Semaphore(1);

  /** Released when a fetch of this process ends: the thread asking tries again at once. */
  private final Semaphore freed = new Semaphore(0);

  /**
   * @param counted whether this process counts the lane's fetches itself without shared slots (a
   *     market); with them it always does
   * @param shared the slots shared in the database, or null
   * @param lane the lane's name in the database
   */
  LaneSlots(int cap, boolean counted, FetchSlots shared, String lane, Duration lease) {
    this.cap = cap;
    this.shared = shared;
    this.local = counted || shared != null ? new Semaphore(cap) : null;
    this.lane = lane;
    this.lease = lease;
  }

  int cap() {
    return cap;
  }

  boolean shared() {
    return shared != null;
  }

  /**
   * Takes a slot, waiting up to {@code maxWait} where the slots are shared: null when none came
   * (try again later); else give it back with {@link #leave}.
   *
   * @throws CancellationException when {@code stop} turns true or the thread is interrupted
   */
  Entry enter(Duration maxWait, BooleanSupplier stop) {
    if (shared == null) {
      return local == null || local.tryAcquire() ? Entry.LOCAL : null;
    }
    long deadline = System.nanoTime() + maxWait.toNanos();
    if (!await(local, deadline, stop)) {
      return null;
    }
    try {
      OptionalLong ticket = OptionalLong.empty();
      if (await(asking, deadline, stop)) {
        try {
          ticket = ask(deadline, stop);
        } finally {
          asking.release();
        }
      }
      if (ticket.isPresent()) {
        return new Entry(ticket.getAsLong());
      }
    } catch (RuntimeException e) {
      local.release();
      throw e;
    }
    local.release();
    return null;
  }

  /** Asks the database for a slot until one is given or the deadline passes. */
  private OptionalLong ask(long deadline, BooleanSupplier stop) {
    long poll = FIRST_POLL_NANOS;
    while (true) {
      freed.drainPermits();
      OptionalLong ticket = shared.take(lane, cap, lease);
      long left = deadline - System.nanoTime();
      if (ticket.isPresent() || left <= 0) {
        return ticket;
      }
      checkStop(stop);
      try {
        freed.tryAcquire(Math.min(poll, left), TimeUnit.NANOSECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new CancellationException("interrupted while waiting for a fetch slot");
      }
      poll = Math.min(MAX_POLL_NANOS, poll * 2);
    }
  }

  /** Waits for a permit of {@code s} until the deadline, looking at {@code stop} meanwhile. */
  private static boolean await(Semaphore s, long deadline, BooleanSupplier stop) {
    try {
      while (true) {
        checkStop(stop);
        long left = deadline - System.nanoTime();
        if (s.tryAcquire(Math.max(0, Math.min(left, STOP_CHECK_NANOS)), TimeUnit.NANOSECONDS)) {
          return true;
        }
        if (left <= STOP_CHECK_NANOS) {
          return false;
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CancellationException("interrupted while waiting for a fetch slot");
    }
  }

  private static void checkStop(BooleanSupplier stop) {
    if (stop.getAsBoolean()) {
      throw new CancellationException("operation cancelled");
    }
  }

  /**
   * The fetch is over: the shared slot is freed first, so that this process's next fetch finds it
   * free, then this process's own.
   */
  void leave(Entry entry) {
    try {
      if (entry.ticket() != 0) {
        shared.release(entry.ticket());
      }
    } finally {
      if (local != null) {
        local.release();
      }
      // One wake-up is enough (the thread asking drains them): the count never grows unbounded.
      if (shared != null && freed.availablePermits() == 0) {
        freed.release();
      }
    }
  }
}
