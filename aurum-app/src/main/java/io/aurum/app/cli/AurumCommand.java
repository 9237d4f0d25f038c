package io.aurum.app.cli;

import picocli.CommandLine.Command;

/** The root command; every runbook procedure is a subcommand (DESIGN §7). */
@Command(
    name = "aurum",
    mixinStandardHelpOptions = true,
    version = "aurum 0.1.0",
    description =
        "Backfills, replays and partial reprocessing of time-series data: resumable, quota-aware, versioned.",
    subcommands = {
      BackfillCommand.class,
      ControlCommands.Status.class,
      ControlCommands.Pause.class,
      ControlCommands.Resume.class,
      ControlCommands.Cancel.class,
      ControlCommands.Cleanup.class,
      OpsCommand.class,
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
      MonitorCommand.class
    })
public final class AurumCommand {}
