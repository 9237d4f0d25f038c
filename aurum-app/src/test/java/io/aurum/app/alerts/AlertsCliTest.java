package io.aurum.app.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.aurum.app.testing.AlertReceivers;
import io.aurum.app.testing.AurumCli;
import io.aurum.app.testing.CliFixture;
import io.aurum.core.model.PartitionKey;
import io.aurum.core.model.SourceId;
import io.aurum.core.model.TaskDraft;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The alerts commands end to end: what they store and print, their errors, no secret shown. */
class AlertsCliTest {
  static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path tmp;
  CliFixture fx;
  AlertReceivers http;

  @BeforeEach
  void start() throws Exception {
    fx = new CliFixture(tmp, false, 1000, 8);
    http = new AlertReceivers();
  }

  @AfterEach
  void stop() {
    http.close();
    fx.close();
  }

  Map<String, String> withReceivers() {
    Map<String, String> env = new HashMap<>(fx.env());
    env.putAll(http.env());
    return env;
  }

  @Test
  void the_runbook_configuration_stores_three_rules_and_notes_channels_without_settings()
      throws Exception {
    AurumCli.Result r =
        AurumCli.run(
            withReceivers(),
            "alerts",
            "configure",
            "--alert-thresholds",
            "error_rate:0.05,duration:3600,throughput:100",
            "--notification-channels",
            "slack,pagerduty,email",
            "--escalation-policy",
            "immediate_escalation");
    assertThat(r.exit()).as(r.all()).isZero();
    assertThat(r.out())
        .contains("alert rule 1: error_rate > 0.05 (all), window 300 s, for 60 s")
        .contains("alert rule 2: duration > 3600")
        .contains("alert rule 3: throughput < 100");
    assertThat(r.err())
        .contains("note: email cannot send from this environment yet: set AURUM_SMTP_HOST")
        .doesNotContain("note: slack");

    JsonNode rows =
        JSON.readTree(AurumCli.run(fx.env(), "alerts", "list", "--format", "json").out());
    assertThat(rows).hasSize(3);
    assertThat(rows.get(0).get("state").asText()).isEqualTo("inactive");
    assertThat(rows.get(0).get("channels").asText()).isEqualTo("slack,pagerduty,email");
  }

  @Test
  void a_test_notice_goes_out_and_is_recorded_without_its_secrets() throws Exception {
    AurumCli.Result r = AurumCli.run(withReceivers(), "alerts", "test", "--channel", "pagerduty");
    assertThat(r.exit()).as(r.all()).isZero();
    assertThat(r.out()).isEqualTo("test notice sent to pagerduty\n");
    assertThat(http.pagerDuty)
        .extracting(b -> b.get("event_action").asText())
        .containsExactly("trigger", "resolve");

    AurumCli.Result h = AurumCli.run(fx.env(), "alerts", "history", "--format", "ndjson");
    assertThat(h.exit()).as(h.all()).isZero();
    assertThat(h.out()).contains("\"action\":\"test\"").contains("\"channel\":\"pagerduty\"");
    assertThat(r.all() + h.all()).doesNotContain(AlertReceivers.ROUTING_KEY);
  }

  @Test
  void a_refused_notice_is_one_line_exit_1_without_the_key() {
    Map<String, String> env = withReceivers();
    env.put("AURUM_PAGERDUTY_ROUTING_KEY", "wrong-routing-key-secret");
    AurumCli.Result r = AurumCli.run(env, "alerts", "test", "--channel", "pagerduty");
    assertThat(r.exit()).isEqualTo(1);
    assertThat(r.err().strip().lines()).hasSize(1);
    assertThat(r.err()).contains("pagerduty refused the notice: HTTP 400");
    assertThat(r.all()).doesNotContain("wrong-routing-key-secret").doesNotContain("at io.aurum");
  }

  @Test
  void bad_input_is_refused_before_anything_is_stored() throws Exception {
    AurumCli.Result r =
        AurumCli.run(
            fx.env(),
            "alerts",
            "configure",
            "--alert-thresholds",
            "error_rate:0.05,latency:3",
            "--notification-channels",
            "slack");
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err())
        .contains(
            "--alert-thresholds: 'latency:3' is not METRIC:NUMBER with METRIC error_rate,"
                + " duration or throughput");
    AurumCli.Result untested = AurumCli.run(fx.env(), "alerts", "test", "--channel", "slack");
    assertThat(untested.exit()).isEqualTo(2);
    assertThat(untested.err())
        .contains("slack is not configured: set AURUM_SLACK_WEBHOOK_URL (docs/alerts.md)");
    AurumCli.Result list = AurumCli.run(fx.env(), "alerts", "list");
    assertThat(list.out()).contains("no alert rule: add them with aurum alerts configure");
  }

  @Test
  void cron_evaluation_alerts_on_a_stalled_operation_once() throws Exception {
    assertThat(fx.backfillEiaDemand("2024-01-01", "2024-01-03").exit()).isZero();
    // RUNNING, with no process driving it: a stalled operation.
    PartitionKey day = new PartitionKey(SourceId.EIA, "ELEC.DEMAND", LocalDate.of(2024, 1, 9));
    fx.seedOperation(
        "BACKFILL_20240110_EIA",
        "BACKFILL_20240103_EIA",
        List.of(new TaskDraft(day, null, null)),
        false);
    Map<String, String> env = withReceivers();
    AurumCli.Result configured =
        AurumCli.run(
            env,
            "alerts",
            "configure",
            "--alert-thresholds",
            "duration:3600",
            "--notification-channels",
            "slack",
            "--for",
            "0");
    assertThat(configured.exit()).as(configured.all()).isZero();

    Clock later = Clock.offset(Clock.systemUTC(), Duration.ofHours(2));
    AurumCli.Result first = AurumCli.run(later, env, "alerts", "evaluate");
    assertThat(first.exit()).as(first.all()).isZero();
    assertThat(first.out())
        .contains("aurum-alert-1-1 firing")
        .contains("1 notice(s) sent, 0 failed");
    assertThat(http.slack).hasSize(1);
    assertThat(http.slack.get(0).get("text").asText())
        .contains("duration")
        .contains("> 3600")
        .contains("BACKFILL_20240110_EIA");

    AurumCli.Result again = AurumCli.run(later, env, "alerts", "evaluate");
    assertThat(again.out()).contains("0 notice(s) sent, 0 failed");
    assertThat(http.slack).hasSize(1);
  }
}
