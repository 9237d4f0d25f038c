package io.aurum.sandbox;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/** Request counters of one source. Thread-safe. */
public final class SourceStats {
  private final LongAdder requests = new LongAdder();
  private final LongAdder throttled = new LongAdder();
  private final LongAdder faults = new LongAdder();
  private final Map<String, AtomicLong> byStartDate = new ConcurrentHashMap<>();

  /** A snapshot of the counters; {@code byStartDate} maps a UTC date YYYY-MM-DD to requests. */
  public record Snapshot(
      long requests, long throttled, long faults, Map<String, Long> byStartDate) {
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

  void throttled() {
    throttled.increment();
  }

  void fault() {
    faults.increment();
  }

  public Snapshot snapshot() {
    Map<String, Long> dates = new TreeMap<>();
    byStartDate.forEach((d, n) -> dates.put(d, n.get()));
    return new Snapshot(requests.sum(), throttled.sum(), faults.sum(), dates);
  }

  void reset() {
    requests.reset();
    throttled.reset();
    faults.reset();
    byStartDate.clear();
  }
}
