package io.aurum.app.cli;

import io.aurum.core.usecase.Tuning;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The tuning flags of backfill, plan and estimate; unset ones take operation_defaults.json. */
@Command
final class TuningOptions {
  @Option(
      names = "--concurrency",
      description = "Tasks in flight at once (default from operation_defaults.json: 3).")
  Integer concurrency;

  @Option(names = "--batch-size", description = "Rows per write batch (default 1000).")
  Integer batchSize;

  @Option(names = "--max-retries", description = "Retries of a failed partition (default 3).")
  Integer maxRetries;

  @Option(
      names = "--rate-limit",
      paramLabel = "auto|N",
      description = "Upstream requests per second; auto = 80%% of the quota.")
  String rateLimit = "auto";

  @Option(
      names = "--retry-backoff",
      paramLabel = "SECONDS",
      description = "Base of the exponential backoff with full jitter (default 1).")
  Double retryBackoff;

  @Option(
      names = "--parallelism",
      description =
          "Worker threads of this process; tasks in flight are the lower of this and --concurrency.")
  Integer parallelism;

  @Option(
      names = "--max-memory",
      paramLabel = "SIZE",
      description =
          "Memory budget, e.g. 2g or 512m: concurrency and batch size are lowered until the estimate fits.")
  String maxMemory;

  /** The tuning asked; {@code --max-memory} is refused here when this JVM's heap is not capped. */
  Tuning tuning() {
    return new Tuning(
        concurrency,
        batchSize,
        maxRetries,
        rateLimit,
        retryBackoff,
        parallelism,
        maxMemory == null ? null : MemoryBudget.parse(maxMemory),
        maxMemory);
  }
}
