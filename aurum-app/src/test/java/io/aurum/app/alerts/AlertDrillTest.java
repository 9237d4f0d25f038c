package io.aurum.app.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.aurum.app.testing.AlertReceivers;
import io.aurum.app.testing.AurumCli;
import io.aurum.app.testing.CliFixture;
import io.aurum.app.testing.StartTlsSmtp;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The alert drill of issue 19 part 3: two backfills run at once against a sandbox that fails 20 %
 * of EIA requests, each process evaluating the alert rules every second; the error-rate alert fires
 * once, to Slack, PagerDuty and e-mail (one notice each, whichever process held the lease). When
 * the faults stop, a later run measures a clean window and the alert resolves, with one resolve
 * notice each, tied to the trigger by its dedup key.
 */
class AlertDrillTest {
  static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path tmp;

  @Test
  void the_error_rate_alert_fires_once_to_every_receiver_and_resolves_when_faults_stop()
      throws Exception {
    try (CliFixture fx = new CliFixture(tmp, false, 1000, 8);
        AlertReceivers http = new AlertReceivers();
        StartTlsSmtp smtp = new StartTlsSmtp(tmp, true)) {
      Map<String, String> env = new HashMap<>(fx.env());
      env.putAll(http.env());
      env.putAll(smtp.env());
      env.put("AURUM_ALERT_INTERVAL_SECONDS", "1");

      AurumCli.Result configured =
          AurumCli.run(
              env,
              "alerts",
              "configure",
              "--alert-thresholds",
              "error_rate:0.05",
              "--notification-channels",
              "slack,pagerduty,email",
              "--escalation-policy",
              "immediate_escalation",
              "--window",
              "1m",
              "--for",
              "1s");
      assertThat(configured.exit()).as(configured.all()).isZero();
      assertThat(configured.out())
          .contains("error_rate > 0.05 (all), window 60 s, for 1 s, to slack,pagerduty,email");

      // 20 % of EIA requests fail; slow enough that both runs overlap over several evaluations.
      fx.sandbox.faults("eia").errorRate(0.2, 7).latencyMs(100);
      CompletableFuture<AurumCli.Result> one = backfill(env, "2023-01-01", "2024-12-31");
      CompletableFuture<AurumCli.Result> two = backfill(env, "2021-01-01", "2022-12-31");
      AurumCli.Result r1 = one.get(180, TimeUnit.SECONDS);
      AurumCli.Result r2 = two.get(180, TimeUnit.SECONDS);
      assertThat(r1.exit()).as(r1.all()).isZero();
      assertThat(r2.exit()).as(r2.all()).isZero();
      assertThat(r1.out() + r2.out()).containsPattern("[1-9]\\d* errors");

      assertThat(http.slack).hasSize(1);
      assertThat(http.slack.get(0).get("text").asText()).contains("FIRING: Aurum error_rate");
      assertThat(http.pagerDuty).hasSize(1);
      assertThat(http.pagerDuty.get(0).get("event_action").asText()).isEqualTo("trigger");
      assertThat(smtp.mails).hasSize(1);
      assertThat(listed(env, Clock.systemUTC()).get("state").asText()).isEqualTo("firing");

      // Faults stop. A run a window later sees only clean attempts: resolved, once each.
      fx.sandbox.faults("eia").clear();
      Clock later = Clock.offset(Clock.systemUTC(), Duration.ofSeconds(61));
      AurumCli.Result clean =
          AurumCli.run(
              later,
              env,
              "backfill",
              "--source",
              "eia",
              "--datasets",
              "ELEC.DEMAND",
              "--start-date",
              "2019-01-01",
              "--end-date",
              "2020-12-31");
      assertThat(clean.exit()).as(clean.all()).isZero();

      assertThat(http.slack).hasSize(2);
      assertThat(http.slack.get(1).get("text").asText()).contains("RESOLVED: Aurum error_rate");
      assertThat(http.pagerDuty)
          .extracting(b -> b.get("event_action").asText())
          .containsExactly("trigger", "resolve");
      assertThat(http.pagerDuty.get(1).get("dedup_key"))
          .isEqualTo(http.pagerDuty.get(0).get("dedup_key"));
      assertThat(smtp.mails).hasSize(2);
      assertThat(smtp.mails.get(1).data()).contains("Subject: [Aurum] RESOLVED:");
      assertThat(listed(env, later).get("state").asText()).isEqualTo("resolved");

      AurumCli.Result history = AurumCli.run(env, "alerts", "history", "--format", "json");
      JsonNode rows = JSON.readTree(history.out());
      assertThat(rows).hasSize(6);
      rows.forEach(n -> assertThat(n.get("sent").asBoolean()).isTrue());
      // Nothing any command printed names a secret.
      for (AurumCli.Result r : List.of(configured, r1, r2, clean, history)) {
        assertThat(r.all())
            .doesNotContain(AlertReceivers.ROUTING_KEY)
            .doesNotContain("secret-webhook-token")
            .doesNotContain(StartTlsSmtp.PASSWORD);
      }
    }
  }

  static CompletableFuture<AurumCli.Result> backfill(
      Map<String, String> env, String start, String end) {
    return CompletableFuture.supplyAsync(
        () ->
            AurumCli.run(
                env,
                "backfill",
                "--source",
                "eia",
                "--datasets",
                "ELEC.DEMAND",
                "--start-date",
                start,
                "--end-date",
                end,
                "--concurrency",
                "1"));
  }

  static JsonNode listed(Map<String, String> env, Clock clock) throws Exception {
    AurumCli.Result r = AurumCli.run(clock, env, "alerts", "list", "--format", "json");
    assertThat(r.exit()).as(r.all()).isZero();
    JsonNode rows = JSON.readTree(r.out());
    assertThat(rows).hasSize(1);
    return rows.get(0);
  }
}
