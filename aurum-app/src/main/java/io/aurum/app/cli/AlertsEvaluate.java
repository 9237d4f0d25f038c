package io.aurum.app.cli;

import io.aurum.app.alerts.ChannelNotifier;
import io.aurum.app.alerts.ChannelSettings;
import io.aurum.app.wiring.AppContext;
import io.aurum.core.alert.Alert;
import io.aurum.core.alert.AlertEvaluator;
import picocli.CommandLine.Command;

/**
 * {@code aurum alerts evaluate}: one evaluation, for cron when no Aurum process is running; does
 * nothing while a live process holds the evaluation lease.
 */
@Command(
    name = "evaluate",
    mixinStandardHelpOptions = true,
    description =
        "Evaluate the alert rules once and send the notices due (for cron); a running operation's"
            + " process does this every 15 s.")
public final class AlertsEvaluate extends Tool {
  public AlertsEvaluate(CliContext cli) {
    super(cli);
  }

  @Override
  int run(AppContext app) {
    var store = Tool.store(app);
    AlertEvaluator e =
        new AlertEvaluator(
            store,
            new ChannelNotifier(ChannelSettings.from(cli.env())),
            cli.clock(),
            "evaluate/" + ProcessHandle.current().pid() + "/" + java.util.UUID.randomUUID(),
            AlertEvaluator.DEFAULT_LEASE);
    AlertEvaluator.Result r = e.evaluate();
    if (!r.held()) {
      cli.out().println("another Aurum process is evaluating the alerts now; nothing to do");
      cli.out().flush();
      return 0;
    }
    e.stop();
    for (Alert a : r.alerts()) {
      cli.out().printf("%s %s: %s%n", a.dedupKey(), a.state().id(), a.summary());
    }
    cli.out().printf("%d notice(s) sent, %d failed%n", r.sent(), r.failed());
    cli.out().flush();
    return r.failed() > 0 ? 1 : 0;
  }
}
