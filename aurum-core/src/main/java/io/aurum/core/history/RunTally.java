package io.aurum.core.history;

import io.aurum.core.model.Operation;
import io.aurum.core.port.MetricsHistory.OperationSample;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * What one operation run did so far, counted from its start by {@link HistoryRecorder}. Counting is
 * a {@link LongAdder} increment, so that worker threads never contend on it. Thread-safe.
 */
final class RunTally {
  final Operation op;
  final Instant started;
  final LongAdder records = new LongAdder();
  final LongAdder partitions = new LongAdder();
  final LongAdder failed = new LongAdder();
  final LongAdder requests = new LongAdder();
  final LongAdder requestErrors = new LongAdder();
  final LongAdder bytes = new LongAdder();
  private final AtomicLong peakMemory = new AtomicLong();

  RunTally(Operation op, Instant started) {
    this.op = op;
    this.started = started;
  }

  /** The figures now, with {@code memoryBytes} counted into the run's peak. */
  OperationSample sample(Instant at, boolean last, long memoryBytes) {
    long peak = peakMemory.accumulateAndGet(memoryBytes, Math::max);
    return new OperationSample(
        op.id(),
        op.source(),
        op.type(),
        started,
        at,
        last,
        records.sum(),
        partitions.sum(),
        failed.sum(),
        requests.sum(),
        requestErrors.sum(),
        bytes.sum(),
        peak);
  }
}
