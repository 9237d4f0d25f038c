package io.aurum.core.history;

import io.aurum.core.model.SourceId;
import io.aurum.core.port.MetricsHistory.SourceBucket;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * A source's upstream traffic in one minute, not yet written: {@link #drain} hands over what was
 * counted since the last drain and starts again from zero, so that a minute can be written in
 * several parts that the store adds up. Thread-safe.
 */
final class SourceTally {
  private static final long NONE = Long.MAX_VALUE;

  final SourceId source;
  final Instant minute;
  final LongAdder requests = new LongAdder();
  final LongAdder throttled = new LongAdder();
  final LongAdder errors = new LongAdder();
  private final AtomicLong quotaLeft = new AtomicLong(NONE);
  private final AtomicBoolean breakerOpen = new AtomicBoolean();

  SourceTally(SourceId source, Instant minute) {
    this.source = source;
    this.minute = minute;
  }

  void quotaLeft(long left) {
    quotaLeft.accumulateAndGet(left, Math::min);
  }

  void breaker(boolean open) {
    if (open) {
      breakerOpen.set(true);
    }
  }

  /** What was counted since the last drain; null when nothing was. */
  SourceBucket drain() {
    long req = requests.sumThenReset();
    long thr = throttled.sumThenReset();
    long err = errors.sumThenReset();
    long left = quotaLeft.getAndSet(NONE);
    boolean open = breakerOpen.getAndSet(false);
    if (req == 0 && thr == 0 && err == 0 && left == NONE && !open) {
      return null;
    }
    return new SourceBucket(source, minute, req, thr, err, left == NONE ? null : left, open);
  }
}
