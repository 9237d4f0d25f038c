package io.aurum.app.cli;

import io.aurum.app.alerts.ChannelSettings;
import io.aurum.app.wiring.AppContext;
import io.aurum.core.alert.AlertRequest;
import io.aurum.core.alert.AlertRule;
import io.aurum.core.alert.Alerts;
import io.aurum.core.alert.Channel;
import io.aurum.core.usecase.EmergencyRequests;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code aurum alerts configure}: stores alert rules, one per metric, replacing older ones. */
@Command(
    name = "configure",
    mixinStandardHelpOptions = true,
    description =
        "Store alert rules: thresholds per metric, the channels told and the escalation policy;"
            + " a metric configured again in the same scope replaces its rule.")
public final class AlertsConfigure extends Tool {
  @Option(
      names = "--alert-thresholds",
      paramLabel = "METRIC:N,...",
      required = true,
      description =
          "error_rate (fraction of failed upstream attempts), duration (seconds an operation runs),"
              + " throughput (rows a second, a floor), e.g. error_rate:0.05,duration:3600.")
  String thresholds;

  @Option(
      names = "--notification-channels",
      paramLabel = "CHANNELS",
      required = true,
      description = "slack, pagerduty, email, comma-separated.")
  String channels;

  @Option(
      names = "--escalation-policy",
      paramLabel = "POLICY",
      description = "immediate_escalation (default: every channel at once) or tiered.")
  String policy = "immediate_escalation";

  @Option(names = "--source", description = "Only operations of this source.")
  String source;

  @Option(names = "--type", description = "Only operations of this type (backfill, replay, ...).")
  String type;

  @Option(names = "--window", paramLabel = "5m", description = "Measured over (default 5m).")
  String window = "5m";

  @Option(names = "--for", paramLabel = "1m", description = "Pending this long before firing.")
  String pendingFor = "1m";

  @Option(
      names = "--escalate-after",
      paramLabel = "15m",
      description = "tiered: the next channel after this long unresolved (default 15m).")
  String escalateAfter = "15m";

  private AlertRequest request;

  public AlertsConfigure(CliContext cli) {
    super(cli);
  }

  @Override
  void validate() {
    request =
        AlertRequest.parse(
            thresholds,
            channels,
            policy,
            source,
            type,
            duration("--window", window),
            duration("--for", pendingFor),
            duration("--escalate-after", escalateAfter));
  }

  /** A duration flag: {@code 0} or a number with s, m, h or d; a bad one names its flag. */
  private static java.time.Duration duration(String flag, String text) {
    if ("0".equals(text.strip())) {
      return java.time.Duration.ZERO;
    }
    try {
      return EmergencyRequests.duration(text);
    } catch (io.aurum.core.error.AurumException.BadInput e) {
      throw new io.aurum.core.error.AurumException.BadInput(flag + ": " + e.getMessage());
    }
  }

  @Override
  int run(AppContext app) {
    List<AlertRule> stored = new Alerts(app.store(), cli.clock()).configure(request, cli.actor());
    for (AlertRule r : stored) {
      cli.out().println("alert rule " + r.id() + ": " + AlertViews.describe(r));
    }
    ChannelSettings settings = ChannelSettings.from(cli.env());
    for (Channel c : request.channels()) {
      List<String> missing = settings.missing(c);
      if (!missing.isEmpty()) {
        cli.err()
            .printf(
                "note: %s cannot send from this environment yet: set %s%n",
                c.id(), String.join(", ", missing));
      }
    }
    cli.out().flush();
    cli.err().flush();
    return 0;
  }
}
