package io.aurum.app.cli;

import io.aurum.core.usecase.Tuning;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** How a reprocess runs; each flag may also come from --config-file. */
@Command
final class ReprocessTuningOptions {
  @Option(names = {"--max-concurrent", "--concurrency"})
  Integer maxConcurrent;

  @Option(names = "--batch-size")
  Integer batchSize;

  @Option(names = "--max-attempts")
  Integer maxAttempts;

  @Option(names = "--priority", description = "low, normal (default) or high.")
  String priority;

  @Option(names = "--resolution-strategy")
  String strategy;

  @Option(names = "--validation-threshold")
  Double threshold;

  /** Concurrency, batch size and retries (the attempts less one); the rest the defaults. */
  Tuning tuning() {
    return new Tuning(
        maxConcurrent,
        batchSize,
        maxAttempts == null ? null : maxAttempts - 1,
        null,
        null,
        null,
        null,
        null);
  }
}
