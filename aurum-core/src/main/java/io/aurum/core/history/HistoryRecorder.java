package io.aurum.core.history;

import io.aurum.core.engine.EngineListener;
import io.aurum.core.engine.OperationRunner;
import io.aurum.core.model.Operation;
import io.aurum.core.model.SourceId;
import io.aurum.core.model.Task;
import io.aurum.core.port.MetricsHistory;
import io.aurum.core.port.MetricsHistory.OperationSample;
import io.aurum.core.port.MetricsHistory.SourceBucket;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes the history of operation runs ({@link MetricsHistory}) from the engine's events: each
 * event adds to counters in memory, and at most once every {@code interval} one event hands a batch
 * (a sample of every run in progress, the sources' per-minute traffic) to a writer thread; a run's
 * end writes its last sample before the engine carries on. The engine's threads never wait on the
 * database while a run is in progress. A failed write is logged, never the engine's problem.
 * Thread-safe.
 */
public final class HistoryRecorder implements EngineListener, AutoCloseable {
  /** How often a running operation is sampled, at most. */
  public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(10);

  private static final Logger LOG = LoggerFactory.getLogger(HistoryRecorder.class);

  private final MetricsHistory history;
  private final Clock clock;
  private final long intervalMillis;
  private final LongSupplier memoryBytes;
  private final Executor writer;
  private final Map<String, RunTally> runs = new ConcurrentHashMap<>();
  private final Map<MinuteKey, SourceTally> minutes = new ConcurrentHashMap<>();
  private final AtomicLong nextWrite;
  // Retention of the stored history (null: kept for ever), pruned at most once a day at a run's
  // start.
  private final Duration retention;
  private final AtomicLong nextPrune = new AtomicLong(Long.MIN_VALUE);

  private record MinuteKey(SourceId source, long minute) {}

  /**
   * @param memoryBytes the heap this process uses now (read at each sample)
   * @param writer runs the batch writes, one at a time
   */
  public HistoryRecorder(
      MetricsHistory history,
      Clock clock,
      Duration interval,
      LongSupplier memoryBytes,
      Executor writer) {
    this(history, clock, interval, memoryBytes, writer, null);
  }

  /**
   * A recorder that also deletes the history older than {@code retention} (null: none), when a run
   * starts and at most once a day.
   */
  public HistoryRecorder(
      MetricsHistory history,
      Clock clock,
      Duration interval,
      LongSupplier memoryBytes,
      Executor writer,
      Duration retention) {
    this.retention = retention;
    this.history = history;
    this.clock = clock;
    this.intervalMillis = interval.toMillis();
    this.memoryBytes = memoryBytes;
    this.writer = writer;
    this.nextWrite = new AtomicLong(clock.millis() + intervalMillis);
  }

  /**
   * A recorder with its own writer thread, sampling every {@link #DEFAULT_INTERVAL} and keeping the
   * history for {@code retention}.
   */
  public static HistoryRecorder start(
      MetricsHistory history, Clock clock, LongSupplier memory, Duration retention) {
    ExecutorService writer =
        Executors.newSingleThreadExecutor(
            r -> {
              Thread t = new Thread(r, "aurum-history");
              t.setDaemon(true);
              return t;
            });
    return new HistoryRecorder(history, clock, DEFAULT_INTERVAL, memory, writer, retention);
  }

  @Override
  public void operationStarted(Operation op) {
    maybePrune();
    RunTally run = new RunTally(op, clock.instant());
    runs.put(op.id(), run);
    // A first sample at once, so that the run shows as live before its first interval ends.
    OperationSample first = run.sample(run.started, false, memoryBytes.getAsLong());
    try {
      writer.execute(() -> write(List.of(first), List.of()));
    } catch (RejectedExecutionException e) {
      // Closed: the run's last sample is still written when it ends.
    }
  }

  @Override
  public void operationEnded(Operation op, OperationRunner.Outcome outcome) {
    RunTally run = runs.remove(op.id());
    if (run == null) {
      return;
    }
    OperationSample last = run.sample(clock.instant(), true, memoryBytes.getAsLong());
    Runnable write = () -> write(List.of(last), drainMinutes());
    try {
      CompletableFuture.runAsync(write, writer).join();
    } catch (RejectedExecutionException e) {
      write.run();
    }
  }

  @Override
  public void taskPublished(Task task, long versionId, long records) {
    RunTally run = runs.get(task.operationId());
    if (run != null) {
      run.records.add(records);
      run.partitions.increment();
    }
    maybeWrite();
  }

  @Override
  public void taskFailed(Task task, String reason) {
    RunTally run = runs.get(task.operationId());
    if (run != null) {
      run.failed.increment();
      run.partitions.increment();
    }
    maybeWrite();
  }

  @Override
  public void taskSkipped(Task task, String reason) {
    RunTally run = runs.get(task.operationId());
    if (run != null) {
      run.partitions.increment();
    }
  }

  @Override
  public void upstreamRequest(Operation op, String dataset, int status, Duration elapsed) {
    boolean error = status <= 0 || status >= 400;
    RunTally run = runs.get(op.id());
    if (run != null) {
      run.requests.increment();
      if (error) {
        run.requestErrors.increment();
      }
    }
    SourceTally minute = minute(op.source());
    minute.requests.increment();
    if (error) {
      minute.errors.increment();
    }
    maybeWrite();
  }

  @Override
  public void upstreamBytes(Operation op, String dataset, long bytes) {
    RunTally run = runs.get(op.id());
    if (run != null) {
      run.bytes.add(bytes);
    }
  }

  @Override
  public void upstreamThrottled(Operation op, String lane) {
    minute(op.source()).throttled.increment();
  }

  @Override
  public void quotaLeft(SourceId source, String lane, Duration window, long left) {
    minute(source).quotaLeft(left);
  }

  @Override
  public void breakerState(SourceId source, String lane, boolean open) {
    minute(source).breaker(open);
  }

  private SourceTally minute(SourceId source) {
    long now = clock.millis();
    long minute = now - Math.floorMod(now, 60_000L);
    return minutes.computeIfAbsent(
        new MinuteKey(source, minute), k -> new SourceTally(source, Instant.ofEpochMilli(minute)));
  }

  /** Hands the retention's prune to the writer, at most once a day; one caller wins the race. */
  private void maybePrune() {
    long now = clock.millis();
    long due = nextPrune.get();
    if (retention != null
        && now >= due
        && nextPrune.compareAndSet(due, now + Duration.ofDays(1).toMillis())) {
      try {
        writer.execute(this::prune);
      } catch (RejectedExecutionException e) {
        // Closed: the next process's run prunes.
      }
    }
  }

  private void prune() {
    Instant before = clock.instant().minus(retention);
    try {
      MetricsHistory.Pruned p = history.prune(before);
      if (p.samples() > 0 || p.minutes() > 0) {
        LOG.info(
            "metrics history: deleted {} sample(s) and {} source minute(s) from before {} (kept {}"
                + " days)",
            p.samples(),
            p.minutes(),
            before,
            retention.toDays());
      }
    } catch (RuntimeException e) {
      LOG.warn("could not prune the metrics history: {}", e.getMessage());
    }
  }

  /** Hands a batch to the writer when the interval has passed; one caller wins the race. */
  private void maybeWrite() {
    long now = clock.millis();
    long due = nextWrite.get();
    if (now >= due && nextWrite.compareAndSet(due, now + intervalMillis)) {
      try {
        writer.execute(this::writeBatch);
      } catch (RejectedExecutionException e) {
        // Closed: the runs still in progress get their last sample when they end.
      }
    }
  }

  private void writeBatch() {
    Instant at = clock.instant();
    long memory = memoryBytes.getAsLong();
    List<OperationSample> samples = new ArrayList<>();
    runs.values().forEach(r -> samples.add(r.sample(at, false, memory)));
    write(samples, drainMinutes());
  }

  /** What every minute counted since the last drain; minutes before this one are dropped. */
  private List<SourceBucket> drainMinutes() {
    long now = clock.millis();
    long current = now - Math.floorMod(now, 60_000L);
    List<SourceBucket> out = new ArrayList<>();
    for (var e : minutes.entrySet()) {
      if (e.getKey().minute() < current) {
        minutes.remove(e.getKey(), e.getValue());
      }
      SourceBucket b = e.getValue().drain();
      if (b != null) {
        out.add(b);
      }
    }
    return out;
  }

  private void write(List<OperationSample> samples, List<SourceBucket> buckets) {
    try {
      history.record(samples, buckets);
    } catch (RuntimeException e) {
      LOG.warn("could not record metrics history: {}", e.getMessage());
    }
  }

  /** Writes what is left to write and stops the writer thread, if it owns one. */
  @Override
  public void close() {
    Runnable rest = () -> write(List.of(), drainMinutes());
    if (writer instanceof ExecutorService pool) {
      try {
        pool.execute(rest);
      } catch (RejectedExecutionException e) {
        return;
      }
      pool.shutdown();
      try {
        pool.awaitTermination(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    } else {
      rest.run();
    }
  }
}
