package io.aurum.app.cli;

import picocli.CommandLine.Command;

/** {@code aurum corruption detect|isolate|release|recover} (runbook §4.2.1–§4.2.3). */
@Command(
    name = "corruption",
    mixinStandardHelpOptions = true,
    description = "Detect, isolate and recover corrupted published data.",
    subcommands = {
      CorruptionDetectCommand.class,
      CorruptionIsolateCommand.class,
      CorruptionReleaseCommand.class,
      CorruptionRecoverCommand.class
    })
public final class CorruptionCommand {}
