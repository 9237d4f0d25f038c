package io.aurum.app.alerts;

import io.aurum.core.alert.Channel;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Where each alert channel sends, from the environment: the Slack incoming webhook, the PagerDuty
 * routing key (and, for tests or a proxy, the Events API URL), and the SMTP relay. These are
 * secrets: {@link #toString} and {@link #redact} keep them out of every log, error and output.
 */
public record ChannelSettings(
    String slackWebhookUrl, String pagerDutyRoutingKey, String pagerDutyUrl, Smtp smtp) {

  public static final String PAGERDUTY_EVENTS_URL = "https://events.pagerduty.com/v2/enqueue";

  /** The SMTP relay: STARTTLS is always required; {@code sslTrust} names hosts trusted as is. */
  public record Smtp(
      String host,
      int port,
      String user,
      String password,
      String from,
      String to,
      String sslTrust) {

    @Override
    public String toString() {
      return "Smtp[host="
          + host
          + ", port="
          + port
          + ", user="
          + (user == null ? "none" : "***")
          + ", password="
          + (password == null ? "none" : "***")
          + ", to="
          + to
          + "]";
    }
  }

  /**
   * Reads AURUM_SLACK_WEBHOOK_URL, AURUM_PAGERDUTY_ROUTING_KEY, AURUM_PAGERDUTY_URL, AURUM_SMTP_*.
   */
  public static ChannelSettings from(Function<String, String> env) {
    String port = env.apply("AURUM_SMTP_PORT");
    int p;
    try {
      p = port == null || port.isBlank() ? 587 : Integer.parseInt(port.strip());
    } catch (NumberFormatException e) {
      throw new io.aurum.core.error.AurumException.BadInput(
          "AURUM_SMTP_PORT '" + port + "' is not a port: use 1 to 65535, e.g. 587");
    }
    String pdUrl = env.apply("AURUM_PAGERDUTY_URL");
    return new ChannelSettings(
        blankToNull(env.apply("AURUM_SLACK_WEBHOOK_URL")),
        blankToNull(env.apply("AURUM_PAGERDUTY_ROUTING_KEY")),
        pdUrl == null || pdUrl.isBlank() ? PAGERDUTY_EVENTS_URL : pdUrl.strip(),
        new Smtp(
            blankToNull(env.apply("AURUM_SMTP_HOST")),
            p,
            blankToNull(env.apply("AURUM_SMTP_USER")),
            blankToNull(env.apply("AURUM_SMTP_PASSWORD")),
            blankToNull(env.apply("AURUM_SMTP_FROM")),
            blankToNull(env.apply("AURUM_SMTP_TO")),
            blankToNull(env.apply("AURUM_SMTP_SSL_TRUST"))));
  }

  public static ChannelSettings from(Map<String, String> env) {
    return from(env::get);
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s.strip();
  }

  /** What is missing for {@code c} to send, as the variables to set; empty when it can send. */
  public List<String> missing(Channel c) {
    List<String> out = new ArrayList<>();
    switch (c) {
      case SLACK -> need(out, slackWebhookUrl, "AURUM_SLACK_WEBHOOK_URL");
      case PAGERDUTY -> need(out, pagerDutyRoutingKey, "AURUM_PAGERDUTY_ROUTING_KEY");
      case EMAIL -> {
        need(out, smtp.host(), "AURUM_SMTP_HOST");
        need(out, smtp.from(), "AURUM_SMTP_FROM");
        need(out, smtp.to(), "AURUM_SMTP_TO");
      }
    }
    return out;
  }

  private static void need(List<String> out, String value, String name) {
    if (value == null) {
      out.add(name);
    }
  }

  /** {@code text} with every secret replaced by {@code ***}. */
  public String redact(String text) {
    if (text == null) {
      return null;
    }
    String out = text;
    for (String secret :
        new String[] {slackWebhookUrl, pagerDutyRoutingKey, smtp.password(), smtp.user()}) {
      if (secret != null && secret.length() >= 3) {
        out = out.replace(secret, "***");
      }
    }
    return out;
  }

  @Override
  public String toString() {
    return "ChannelSettings[slack="
        + (slackWebhookUrl == null ? "none" : "***")
        + ", pagerduty="
        + (pagerDutyRoutingKey == null ? "none" : "***")
        + ", smtp="
        + smtp
        + "]";
  }
}
