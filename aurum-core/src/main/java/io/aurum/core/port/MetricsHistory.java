package io.aurum.core.port;

import io.aurum.core.model.OperationType;
import io.aurum.core.model.SourceId;
import java.time.Instant;
import java.util.List;

/**
 * The stored history of what operations did: samples of each run's figures (written every few
 * seconds while it runs and once at its end) and per-source, per-minute buckets of upstream
 * traffic. Survives restarts; read by {@code aurum metrics}, its {@code collect} and {@code trends}
 * and the report. Thread-safe.
 */
public interface MetricsHistory {

  /**
   * One run's figures at {@code at}, counted from the run's start ({@code runStarted}); {@code
   * last} marks the sample written when the run ended. {@code memoryBytes} is the highest heap use
   * this process saw at a sample of the run.
   */
  record OperationSample(
      String operationId,
      SourceId source,
      OperationType type,
      Instant runStarted,
      Instant at,
      boolean last,
      long records,
      long partitions,
      long failed,
      long requests,
      long requestErrors,
      long bytes,
      long memoryBytes) {

    public long durationMillis() {
      return Math.max(0, at.toEpochMilli() - runStarted.toEpochMilli());
    }

    /** Rows published a second over the run so far; 0 before a millisecond passed. */
    public double throughput() {
      long ms = durationMillis();
      return ms == 0 ? 0 : records * 1000.0 / ms;
    }

    /** Failed partitions over partitions finished; 0 before any finished. */
    public double errorRate() {
      return partitions == 0 ? 0 : (double) failed / partitions;
    }
  }

  /**
   * Upstream traffic of a source in the minute starting {@code minute}: requests, throttled answers
   * (429), failed requests, the lowest quota headroom seen (requests left in a shared window; null
   * when none was reported) and whether a circuit breaker was open at some point.
   */
  record SourceBucket(
      SourceId source,
      Instant minute,
      long requests,
      long throttled,
      long errors,
      Long quotaLeft,
      boolean breakerOpen) {}

  /**
   * Writes samples and adds buckets to the stored ones of the same source and minute (several
   * processes may write one minute), in one transaction.
   */
  void record(List<OperationSample> samples, List<SourceBucket> buckets);

  /** Samples taken in {@code [from, to)}, by operation id then time; null filters match all. */
  List<OperationSample> samples(Instant from, Instant to, SourceId source, OperationType type);

  /** Buckets of minutes in {@code [from, to)}, by source then minute; a null source is all. */
  List<SourceBucket> buckets(Instant from, Instant to, SourceId source);

  /** What a prune deleted: samples, and per-source minutes. */
  record Pruned(long samples, long minutes) {}

  /**
   * Deletes the samples taken before {@code before} and the source minutes that started before it,
   * in one transaction (the retention of the history).
   */
  Pruned prune(Instant before);
}
