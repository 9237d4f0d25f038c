package io.aurum.app.cli;

import picocli.CommandLine.Command;

/**
 * {@code aurum alerts …} (runbook §5.1.2): alert rules and state in the store, evaluated by any
 * live Aurum process under a lease, notified over Slack, PagerDuty and e-mail (docs/alerts.md).
 */
@Command(
    name = "alerts",
    mixinStandardHelpOptions = true,
    description = "Alerts (runbook 5.1.2): configure, list, test, history, evaluate.",
    subcommands = {
      AlertsConfigure.class,
      AlertsList.class,
      AlertsTest.class,
      AlertsHistory.class,
      AlertsEvaluate.class
    })
public final class AlertsCommand {}
