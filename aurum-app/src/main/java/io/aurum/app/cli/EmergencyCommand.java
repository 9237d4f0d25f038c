package io.aurum.app.cli;

import picocli.CommandLine.Command;

/**
 * {@code aurum emergency …} (runbook §4.1.1): stops, isolations and monitoring levels that live in
 * the store, so every process obeys them (docs/emergency.md).
 */
@Command(
    name = "emergency",
    mixinStandardHelpOptions = true,
    description =
        "Emergency procedures (runbook 4): stop, status, release, isolate, monitor, assess, plan, recover.",
    subcommands = {
      EmergencyStop.class,
      EmergencyStatus.class,
      EmergencyRelease.class,
      EmergencyIsolate.class,
      EmergencyMonitor.class,
      EmergencyAssessCommand.class,
      EmergencyPlanCommand.class,
      EmergencyRecoverCommand.class
    })
public final class EmergencyCommand {}
