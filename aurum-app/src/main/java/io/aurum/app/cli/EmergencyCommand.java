package io.aurum.app.cli;

import picocli.CommandLine.Command;

/** {@code aurum emergency}: emergency procedures (runbook section 4). */
@Command(
    name = "emergency",
    mixinStandardHelpOptions = true,
    description = "Emergency procedures.",
    subcommands = EmergencyAssessCommand.class)
public final class EmergencyCommand {}
