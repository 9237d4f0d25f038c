package io.aurum.app.cli;

import io.aurum.app.alerts.ChannelNotifier;
import io.aurum.app.alerts.ChannelSettings;
import io.aurum.app.wiring.AppContext;
import io.aurum.core.alert.Alerts;
import io.aurum.core.alert.Channel;
import io.aurum.core.error.AurumException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code aurum alerts test --channel C}: sends a test notice over one channel, for real. */
@Command(
    name = "test",
    mixinStandardHelpOptions = true,
    description = "Send a test notice over one channel (slack, pagerduty or email) and record it.")
public final class AlertsTest extends Tool {
  @Option(names = "--channel", required = true, description = "slack, pagerduty or email.")
  String channel;

  private Channel c;
  private ChannelSettings settings;

  public AlertsTest(CliContext cli) {
    super(cli);
  }

  @Override
  void validate() {
    c =
        Channel.of(channel)
            .orElseThrow(
                () ->
                    new AurumException.BadInput(
                        "unknown --channel '" + channel + "': use slack, pagerduty or email"));
    settings = ChannelSettings.from(cli.env());
    var missing = settings.missing(c);
    if (!missing.isEmpty()) {
      throw new AurumException.BadInput(
          c.id() + " is not configured: set " + String.join(", ", missing) + " (docs/alerts.md)");
    }
  }

  @Override
  int run(AppContext app) {
    new Alerts(app.store(), cli.clock()).test(c, new ChannelNotifier(settings));
    cli.out().printf("test notice sent to %s%n", c.id());
    cli.out().flush();
    return 0;
  }
}
