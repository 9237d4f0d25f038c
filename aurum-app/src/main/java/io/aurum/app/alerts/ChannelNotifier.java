package io.aurum.app.alerts;

import io.aurum.core.alert.Channel;
import io.aurum.core.alert.Notice;
import io.aurum.core.alert.Notifier;
import io.aurum.core.error.AurumException;

/** The {@link Notifier} of the command line: each notice over its channel's real protocol. */
public final class ChannelNotifier implements Notifier {
  private final ChannelSettings settings;
  private final HttpChannels http;
  private final EmailChannel email;

  public ChannelNotifier(ChannelSettings settings) {
    this.settings = settings;
    this.http = new HttpChannels(settings);
    this.email = new EmailChannel(settings);
  }

  @Override
  public void send(Notice n) {
    var missing = settings.missing(n.channel());
    if (!missing.isEmpty()) {
      throw new AurumException.BadInput(
          n.channel().id()
              + " is not configured: set "
              + String.join(", ", missing)
              + " (docs/alerts.md)");
    }
    if (n.channel() == Channel.SLACK) {
      http.slack(n);
    } else if (n.channel() == Channel.PAGERDUTY) {
      http.pagerDuty(n);
    } else {
      email.send(n);
    }
  }
}
