package io.aurum.core.model;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;

/**
 * Every parameter of an operation, persisted with it so that resume, status, reports and live
 * adjustment see exactly what was asked. {@code rateLimit} is requests per second, or null for auto
 * (80 % of the source quota). {@code extra} holds type-specific parameters (replay type, hours,
 * algorithm, …).
 */
public record OperationSpec(
    SourceId source,
    LocalDate startDate,
    LocalDate endDate,
    List<String> datasets,
    int concurrency,
    int batchSize,
    int maxRetries,
    Double rateLimit,
    double retryBackoffSeconds,
    boolean force,
    String conflictStrategy,
    Map<String, String> extra) {

  public static final int DEFAULT_CONCURRENCY = 3;
  public static final int DEFAULT_BATCH_SIZE = 1000;
  public static final int DEFAULT_MAX_RETRIES = 3;
  public static final double DEFAULT_RETRY_BACKOFF_SECONDS = 1.0;

  public OperationSpec {
    datasets = List.copyOf(datasets);
    extra = extra == null ? Map.of() : Map.copyOf(extra);
  }

  public OperationSpec withConcurrency(int c) {
    return new OperationSpec(
        source,
        startDate,
        endDate,
        datasets,
        c,
        batchSize,
        maxRetries,
        rateLimit,
        retryBackoffSeconds,
        force,
        conflictStrategy,
        extra);
  }

  public OperationSpec withBatchSize(int b) {
    return new OperationSpec(
        source,
        startDate,
        endDate,
        datasets,
        concurrency,
        b,
        maxRetries,
        rateLimit,
        retryBackoffSeconds,
        force,
        conflictStrategy,
        extra);
  }

  /** The spec with {@code more} added to (and overriding) its extras. */
  public OperationSpec withExtra(Map<String, String> more) {
    Map<String, String> merged = new java.util.HashMap<>(extra);
    merged.putAll(more);
    return new OperationSpec(
        source,
        startDate,
        endDate,
        datasets,
        concurrency,
        batchSize,
        maxRetries,
        rateLimit,
        retryBackoffSeconds,
        force,
        conflictStrategy,
        merged);
  }

  public OperationSpec withRateLimit(Double r) {
    return new OperationSpec(
        source,
        startDate,
        endDate,
        datasets,
        concurrency,
        batchSize,
        maxRetries,
        r,
        retryBackoffSeconds,
        force,
        conflictStrategy,
        extra);
  }
}
