package io.aurum.app.cli;

import io.aurum.core.config.AurumConfig;
import io.aurum.core.model.OperationType;
import io.aurum.core.model.Priority;
import io.aurum.core.model.SourceId;
import io.aurum.core.port.OperationRepository;
import io.aurum.core.request.RequestRules;
import io.aurum.core.usecase.BackfillRequest;
import io.aurum.core.usecase.Tuning;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Consumer;
import picocli.CommandLine.Option;

/** The options of a new backfill besides its range and tuning: how it runs and what it prints. */
final class BackfillOptions {
  @Option(
      names = "--dry-run",
      description = "Print the plan and estimates; call no upstream API and write nothing.")
  boolean dryRun;

  @Option(
      names = "--force",
      description =
          "Refetch partitions that are already covered; with --cancel, abort in-flight work.")
  boolean force;

  @Option(
      names = "--progress-interval",
      paramLabel = "SECONDS",
      description = "Seconds between progress lines when not on a terminal (default 300).")
  Integer progressInterval;

  @Option(names = "--error-details", description = "Print every failed partition with its error.")
  boolean errorDetails;

  @Option(names = "--priority", paramLabel = "low|normal|high")
  String priority = "normal";

  @Option(names = "--reason", description = "Why this backfill runs (kept in the audit trail).")
  String reason;

  @Option(
      names = "--plan",
      paramLabel = "FILE",
      description = "Run exactly the plan saved by aurum plan --output FILE.")
  Path planFile;

  @Option(
      names = "--wait",
      description =
          "When a running or paused backfill holds some of these partitions, wait for it to finish,"
              + " then plan only what is still missing (default: refuse with exit 4).")
  boolean waitForHolder;

  @Option(
      names = "--quality-profile",
      paramLabel = "NAME",
      description =
          "Quality profile of the publish gate (quality_profiles.json; default standard).")
  String qualityProfile;

  /** The progress interval asked, else the configured default for backfills; checked. */
  Duration interval(AurumConfig config) {
    return RequestRules.progressInterval(
        progressInterval,
        config.defaults().of(OperationType.BACKFILL).progressIntervalSeconds(),
        CliVocabulary.FLAGS);
  }

  /** With {@code --wait}: say on {@code err} which holder is awaited; without: null (refuse). */
  Consumer<OperationRepository.Held> onWait(PrintWriter err) {
    return waitForHolder ? h -> BackfillView.waiting(h, err) : null;
  }

  /** The priority asked; bad input when it is not one. */
  Priority priority() {
    return Priority.parse(priority);
  }

  /** The request these flags make with {@code range}. */
  BackfillRequest request(SourceId src, RangeOptions range, Tuning tuning) {
    return new BackfillRequest(
        src,
        range.startDate,
        range.endDate,
        range.datasets,
        tuning,
        force,
        priority(),
        reason,
        qualityProfile,
        CliVocabulary.FLAGS);
  }
}
