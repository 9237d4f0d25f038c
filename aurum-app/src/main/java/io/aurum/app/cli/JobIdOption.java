package io.aurum.app.cli;

import picocli.CommandLine.Option;

/** {@code --job-id}, with its runbook aliases {@code --replay-id} and {@code --operation-id}. */
public final class JobIdOption {
  @Option(
      names = {"--job-id", "--replay-id", "--operation-id"},
      paramLabel = "ID",
      description = "Operation id, e.g. BACKFILL_20241231_EIA.")
  String jobId;

  public String require(String command) {
    if (jobId == null || jobId.isBlank()) {
      throw new io.aurum.core.error.AurumException.BadInput(
          command + " needs --job-id ID: list operations with aurum ops list");
    }
    return jobId.trim();
  }

  public String orNull() {
    return jobId;
  }
}
