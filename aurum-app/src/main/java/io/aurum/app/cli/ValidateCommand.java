package io.aurum.app.cli;

import picocli.CommandLine.Command;

/** {@code aurum validate completeness|quality|integrity|operation} (runbook §1.6, §2.7). */
@Command(
    name = "validate",
    mixinStandardHelpOptions = true,
    description = "Post-operation validation; exit 5 when below threshold.",
    subcommands = {
      ValidateCompletenessCommand.class,
      ValidateQualityCommand.class,
      ValidateIntegrityCommand.class,
      ValidateOperationCommand.class,
      ValidateEnableCommand.class
    })
public final class ValidateCommand {}
