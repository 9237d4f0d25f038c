package io.aurum.app.cli;

import picocli.CommandLine.Command;

/** {@code aurum corruption detect}: the integrity scanner over a source's published data. */
@Command(
    name = "corruption",
    mixinStandardHelpOptions = true,
    description = "Detect corrupted published data.",
    subcommands = CorruptionDetectCommand.class)
public final class CorruptionCommand {}
