package io.aurum.app.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * The root command; every runbook procedure is a subcommand (docs/runbook.md). Alone, or as {@code
 * aurum help [COMMAND]}, it prints usage.
 */
@Command(
    name = "aurum",
    mixinStandardHelpOptions = true,
    versionProvider = VersionInfo.class,
    description =
        "Backfills, replays and partial reprocessing of time-series data: resumable, quota-aware, versioned.",
    subcommands = {
      BackfillCommand.class,
      StatusCommand.class,
      PauseCommand.class,
      ResumeCommand.class,
      CancelCommand.class,
      CleanupCommand.class,
      OpsCommand.class,
      MetricsCommand.class,
      ExportCommand.class,
      SandboxCommand.class,
      GapsCommand.class,
      PlanCommand.class,
      EstimateCommand.class,
      QuotasCommand.class,
      HealthCommand.class,
      CapacityCommand.class,
      ValidateCommand.class,
      ReportCommand.class,
      CoverageCommand.class,
      CompareCommand.class,
      AssessCommand.class,
      AdjustCommand.class,
      AuditCommand.class,
      RollbackCommand.class,
      ReplayCommand.class,
      ReprocessCommand.class,
      ConflictsCommand.class,
      SchemaCommand.class,
      ArchiveCommand.class,
      MonitorCommand.class,
      CorruptionCommand.class,
      EmergencyCommand.class,
      TokensCommand.class,
      CostsCommand.class,
      AlertsCommand.class,
      ServeCommand.class,
      RelayCommand.class,
      WorkerCommand.class,
      WorkersCommand.class,
      CommandLine.HelpCommand.class
    })
public final class AurumCommand implements Callable<Integer> {
  @Mixin GlobalOptions global;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getOut());
    return 0;
  }
}
