package io.aurum.core.model;

import java.time.LocalDate;
import java.util.List;

/**
 * Every parameter of an operation, persisted with it so that resume, status, reports and live
 * adjustment see exactly what was asked. {@code rateLimit} is requests per second, or null for auto
 * (80 % of the source quota). {@code params} holds the kind's own parameters (replay type, hours,
 * algorithm, …): {@link BasicParams#NONE} when null.
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
    OperationParams params) {

  public static final int DEFAULT_CONCURRENCY = 3;
  public static final int DEFAULT_BATCH_SIZE = 1000;
  public static final int DEFAULT_MAX_RETRIES = 3;
  public static final double DEFAULT_RETRY_BACKOFF_SECONDS = 1.0;

  public OperationSpec {
    datasets = List.copyOf(datasets);
    params = params == null ? BasicParams.NONE : params;
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
        params);
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
        params);
  }

  /** The spec with {@code p} as its parameters. */
  public OperationSpec withParams(OperationParams p) {
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
        p);
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
        params);
  }
}
