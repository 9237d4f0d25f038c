package io.aurum.app.alerts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aurum.app.testing.AlertReceivers;
import io.aurum.app.testing.StartTlsSmtp;
import io.aurum.core.alert.Channel;
import io.aurum.core.alert.Notice;
import io.aurum.core.error.AurumException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each channel speaks its real protocol to a receiver as strict as the real service: a Slack
 * webhook, the PagerDuty Events API v2, and an SMTP server that requires STARTTLS and a login. No
 * error names an endpoint, a key or a password.
 */
class AlertChannelsTest {
  static final Instant AT = Instant.parse("2024-06-01T12:00:00Z");

  @TempDir Path tmp;
  AlertReceivers http;
  StartTlsSmtp smtp;

  @BeforeEach
  void start() throws Exception {
    http = new AlertReceivers();
    smtp = new StartTlsSmtp(tmp, true);
  }

  @AfterEach
  void stop() {
    http.close();
    smtp.close();
  }

  ChannelNotifier notifier(Map<String, String> extra) {
    Map<String, String> env = new HashMap<>(http.env());
    env.putAll(smtp.env());
    env.putAll(extra);
    return new ChannelNotifier(ChannelSettings.from(env));
  }

  static Notice notice(Channel c, Notice.Action a) {
    return new Notice(
        c,
        a,
        "aurum-alert-7-2",
        7,
        "error_rate",
        "all",
        "Aurum error_rate 0.200 > 0.050",
        "error",
        AT);
  }

  @Test
  void slack_gets_a_json_post_with_text() {
    notifier(Map.of()).send(notice(Channel.SLACK, Notice.Action.TRIGGER));
    assertThat(http.slack).hasSize(1);
    assertThat(http.slack.get(0).get("text").asText()).contains("error_rate 0.200 > 0.050");
  }

  @Test
  void pagerduty_gets_a_trigger_and_a_resolve_with_the_same_dedup_key() {
    ChannelNotifier n = notifier(Map.of());
    n.send(notice(Channel.PAGERDUTY, Notice.Action.TRIGGER));
    n.send(notice(Channel.PAGERDUTY, Notice.Action.RESOLVE));
    assertThat(http.pagerDuty)
        .extracting(b -> b.get("event_action").asText() + " " + b.get("dedup_key").asText())
        .containsExactly("trigger aurum-alert-7-2", "resolve aurum-alert-7-2");
    assertThat(http.pagerDuty.get(0).at("/payload/severity").asText()).isEqualTo("error");
  }

  @Test
  void a_refusal_names_the_channel_and_status_but_never_the_key_or_url() {
    ChannelNotifier wrongKey =
        notifier(Map.of("AURUM_PAGERDUTY_ROUTING_KEY", "not-the-right-key-secret"));
    assertThatThrownBy(() -> wrongKey.send(notice(Channel.PAGERDUTY, Notice.Action.TRIGGER)))
        .isInstanceOf(AurumException.OperationFailed.class)
        .hasMessageStartingWith("pagerduty refused the notice: HTTP 400")
        .hasMessageNotContaining("not-the-right-key-secret")
        .hasMessageNotContaining("127.0.0.1");
    ChannelNotifier gone =
        notifier(Map.of("AURUM_SLACK_WEBHOOK_URL", "http://127.0.0.1:1/services/secret-token"));
    assertThatThrownBy(() -> gone.send(notice(Channel.SLACK, Notice.Action.TRIGGER)))
        .hasMessageStartingWith("slack could not be reached")
        .hasMessageNotContaining("secret-token");
  }

  @Test
  void email_goes_over_smtp_after_starttls_with_a_login() throws Exception {
    notifier(Map.of()).send(notice(Channel.EMAIL, Notice.Action.TRIGGER));
    // The server refuses MAIL FROM before STARTTLS and AUTH: a delivered message went over TLS.
    assertThat(smtp.mails).hasSize(1);
    assertThat(smtp.mails.get(0).to()).isEqualTo("oncall@example.org");
    assertThat(smtp.mails.get(0).data())
        .contains("Subject: [Aurum] Aurum error_rate 0.200 > 0.050")
        .contains("X-Aurum-Dedup-Key: aurum-alert-7-2");
  }

  @Test
  void a_relay_without_starttls_is_refused_and_the_password_is_never_said() throws Exception {
    try (StartTlsSmtp plain = new StartTlsSmtp(tmp, false)) {
      ChannelNotifier n = notifier(Map.of("AURUM_SMTP_PORT", Integer.toString(plain.port())));
      assertThatThrownBy(() -> n.send(notice(Channel.EMAIL, Notice.Action.TRIGGER)))
          .isInstanceOf(AurumException.OperationFailed.class)
          .hasMessageStartingWith("email could not be sent through the SMTP server at 127.0.0.1:")
          .hasMessageContaining("STARTTLS")
          .hasMessageNotContaining(StartTlsSmtp.PASSWORD);
      assertThat(plain.mails).isEmpty();
    }
  }

  @Test
  void a_channel_without_settings_says_which_variables_to_set() {
    ChannelNotifier n = new ChannelNotifier(ChannelSettings.from(Map.of()));
    assertThatThrownBy(() -> n.send(notice(Channel.EMAIL, Notice.Action.TRIGGER)))
        .isInstanceOf(AurumException.BadInput.class)
        .hasMessage(
            "email is not configured: set AURUM_SMTP_HOST, AURUM_SMTP_FROM, AURUM_SMTP_TO"
                + " (docs/alerts.md)");
  }

  @Test
  void settings_never_print_their_secrets() {
    Map<String, String> env = new HashMap<>(http.env());
    env.putAll(smtp.env());
    String shown = ChannelSettings.from(env).toString();
    assertThat(shown)
        .doesNotContain(AlertReceivers.ROUTING_KEY)
        .doesNotContain("secret-webhook-token")
        .doesNotContain(StartTlsSmtp.PASSWORD);
  }
}
