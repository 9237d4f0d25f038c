package io.aurum.sandbox;

import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/** Request counters of one source. Thread-safe. */
public final class SourceStats {
  private final LongAdder requests = new LongAdder();
  private final LongAdder throttled = new LongAdder();
  private final LongAdder faults = new LongAdder();
  private final Map<String, AtomicLong> byStartDate = new ConcurrentHashMap<>();
  private final Times accepted = new Times();
  private final Times refused = new Times();
  private final AtomicInteger inFlight = new AtomicInteger();
  private final AtomicInteger mostInFlight = new AtomicInteger();

  /**
   * A snapshot of the counters; {@code byStartDate} maps a UTC date YYYY-MM-DD to requests, {@code
   * mostInFlight} is the most requests the source was handling at once (from arrival until the
   * answer was written), as the upstream sees a client's concurrency.
   */
  public record Snapshot(
      long requests, long throttled, long faults, Map<String, Long> byStartDate, int mostInFlight) {
    public Snapshot {
      byStartDate = Map.copyOf(byStartDate);
    }

    public long requestsStarting(String date) {
      return byStartDate.getOrDefault(date, 0L);
    }
  }

  void request(String startDate) {
    requests.increment();
    if (startDate != null) {
      byStartDate.computeIfAbsent(startDate, d -> new AtomicLong()).incrementAndGet();
    }
  }

  /** A request arrived: it is in flight until {@link #answered}. */
  void arrived() {
    mostInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
  }

  /** The request's answer was written (or its connection dropped). */
  void answered() {
    inFlight.decrementAndGet();
  }

  void throttled() {
    throttled.increment();
  }

  /** A request the quota let through, at {@code nanos} ({@link System#nanoTime}). */
  void accepted(long nanos) {
    accepted.add(nanos);
  }

  /** A request the quota refused with 429, at {@code nanos}. */
  void refused(long nanos) {
    refused.add(nanos);
  }

  /**
   * When requests were accepted and refused by the quota (at most {@value Times#MAX} of each are
   * kept), in {@link System#nanoTime} of this JVM, oldest first.
   */
  public record Timeline(long[] acceptedNanos, long[] refusedNanos) {
    /** Seconds from the first accepted request to the last: the upstream's view of a makespan. */
    public double acceptedSpanSeconds() {
      int n = acceptedNanos.length;
      return n < 2 ? 0 : (acceptedNanos[n - 1] - acceptedNanos[0]) / 1e9;
    }

    /** Accepted requests in [fromNanos, toNanos). */
    public int acceptedBetween(long fromNanos, long toNanos) {
      int n = 0;
      for (long t : acceptedNanos) {
        if (t >= fromNanos && t < toNanos) {
          n++;
        }
      }
      return n;
    }

    /** The most requests accepted within any sliding window of {@code period}. */
    public int mostAcceptedWithin(Duration period) {
      long p = period.toNanos();
      int most = 0;
      for (int lo = 0, hi = 0; hi < acceptedNanos.length; hi++) {
        while (acceptedNanos[hi] - acceptedNanos[lo] >= p) {
          lo++;
        }
        most = Math.max(most, hi - lo + 1);
      }
      return most;
    }
  }

  public Timeline timeline() {
    return new Timeline(accepted.snapshot(), refused.snapshot());
  }

  void fault() {
    faults.increment();
  }

  public Snapshot snapshot() {
    Map<String, Long> dates = new TreeMap<>();
    byStartDate.forEach((d, n) -> dates.put(d, n.get()));
    return new Snapshot(requests.sum(), throttled.sum(), faults.sum(), dates, mostInFlight.get());
  }

  void reset() {
    requests.reset();
    throttled.reset();
    faults.reset();
    byStartDate.clear();
    // Requests in flight now stay counted: they leave after the reset.
    mostInFlight.set(inFlight.get());
    accepted.clear();
    refused.clear();
  }

  /** A growing array of instants, capped at {@link #MAX}. */
  private static final class Times {
    static final int MAX = 1_000_000;
    private long[] values = new long[64];
    private int size;

    synchronized void add(long t) {
      if (size == MAX) {
        return;
      }
      if (size == values.length) {
        values = Arrays.copyOf(values, Math.min(MAX, size * 2));
      }
      values[size++] = t;
    }

    synchronized long[] snapshot() {
      long[] out = Arrays.copyOf(values, size);
      // Handler threads stamp before they take this lock, so neighbours can land out of order.
      Arrays.sort(out);
      return out;
    }

    synchronized void clear() {
      values = new long[64];
      size = 0;
    }
  }
}
