package io.aurum.app.alerts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.aurum.app.testing.AlertReceivers;
import io.aurum.app.testing.AurumCli;
import io.aurum.app.testing.AurumProcess;
import io.aurum.app.testing.CliFixture;
import io.aurum.app.testing.StartTlsSmtp;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The alert drill of issue 19 part 3, with two processes as a deployment has them: a backfill in a
 * child JVM ({@link AurumProcess}, serving {@code --metrics-port}) and one in this JVM, both
 * against one store and a sandbox that fails 20 % of EIA requests, each evaluating the alert rules
 * every second. The error-rate alert fires once, to Slack, PagerDuty and e-mail (one notice each,
 * whichever process held the lease), and the child's {@code /metrics} shows it firing. When the
 * faults stop, both runs go on with clean requests; once a whole window (10 s) is clean the alert
 * resolves, with one resolve notice each tied to the trigger by its dedup key, and the child's
 * gauge falls back to 0. Both runs are then paused. No sleeps: every wait is on the receivers, the
 * store or a scrape.
 */
class AlertDrillTest {
  static final ObjectMapper JSON = new ObjectMapper();
  static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  static final String CHILD = "BACKFILL_20201231_EIA";
  static final String HERE = "BACKFILL_20261031_EIA";

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
              "10s",
              "--for",
              "1s");
      assertThat(configured.exit()).as(configured.all()).isZero();
      assertThat(configured.out())
          .contains("error_rate > 0.05 (all), window 10 s, for 1 s, to slack,pagerduty,email");

      // 20 % of EIA requests fail. Each run is held to a request every two seconds (--rate-limit
      // 0.5): about 50 fetch windows each (five and a half years: the sandbox's EIA hourly demand
      // starts in July 2015), so neither ends within 100 s, before the drill pauses it, even where
      // a loaded machine starts the child's JVM late (at load 20 one run once ended at 1 a
      // second). The alert still sees a request a second from the two together.
      fx.sandbox.faults("eia").errorRate(0.2, 7).latencyMs(50);
      try (AurumProcess child =
          AurumProcess.start(
              tmp.resolve("child"),
              env,
              "backfill",
              "--source",
              "eia",
              "--datasets",
              "ELEC.DEMAND",
              "--start-date",
              "2015-07-01",
              "--end-date",
              "2020-12-31",
              "--concurrency",
              "1",
              "--rate-limit",
              "0.5",
              "--metrics-port",
              "0")) {
        CompletableFuture<AurumCli.Result> here = backfill(env, "2021-01-01", "2026-10-31");
        int port =
            await("the child's metrics address")
                .atMost(Duration.ofSeconds(90))
                .failFast("the child ended", () -> !child.process().isAlive())
                .until(() -> metricsPort(child.output()), p -> p > 0);

        // Firing: one notice to each receiver, and the child's evaluations see it.
        await("the firing notices")
            .atMost(Duration.ofSeconds(120))
            .failFast("a run ended before the alert fired", () -> ended(child, here))
            .until(
                () -> !http.slack.isEmpty() && !http.pagerDuty.isEmpty() && !smtp.mails.isEmpty());
        await("the child's gauge firing")
            .atMost(Duration.ofSeconds(30))
            .failFast("the child ended", () -> !child.process().isAlive())
            .until(() -> firing(port), n -> n == 1);
        assertThat(http.slack.get(0).get("text").asText()).contains("FIRING: Aurum error_rate");
        assertThat(http.pagerDuty.get(0).get("event_action").asText()).isEqualTo("trigger");
        assertThat(listed(env).get("state").asText()).isEqualTo("firing");

        // The faults stop; both runs go on with clean requests only.
        fx.sandbox.faults("eia").clear();
        await("the resolve notices")
            .atMost(Duration.ofSeconds(120))
            .failFast("a run ended before the alert resolved", () -> ended(child, here))
            .until(
                () ->
                    http.slack.size() >= 2 && http.pagerDuty.size() >= 2 && smtp.mails.size() >= 2);
        await("the child's gauge back at 0")
            .atMost(Duration.ofSeconds(30))
            .failFast("the child ended", () -> !child.process().isAlive())
            .until(() -> firing(port), n -> n == 0);
        assertThat(listed(env).get("state").asText()).isEqualTo("resolved");

        // Both runs paused: the drill is over.
        for (String id : List.of(CHILD, HERE)) {
          AurumCli.Result paused = AurumCli.run(env, "pause", "--job-id", id);
          assertThat(paused.exit()).as(paused.all()).isZero();
        }
        assertThat(child.process().waitFor(120, TimeUnit.SECONDS)).as(child.output()).isTrue();
        AurumCli.Result r = here.get(120, TimeUnit.SECONDS);
        assertThat(r.out()).as(r.all()).contains(HERE + " PAUSED");
        assertThat(child.output()).contains(CHILD + " PAUSED");
        // The sandbox's faults fall on whichever process asks: together they met some.
        assertThat(r.out() + child.output()).containsPattern("[1-9]\\d* errors");

        // One notice of each kind per receiver, over both processes and the whole drill.
        assertThat(http.slack).hasSize(2);
        assertThat(http.slack.get(1).get("text").asText()).contains("RESOLVED: Aurum error_rate");
        assertThat(http.pagerDuty)
            .extracting(b -> b.get("event_action").asText())
            .containsExactly("trigger", "resolve");
        assertThat(http.pagerDuty.get(1).get("dedup_key"))
            .isEqualTo(http.pagerDuty.get(0).get("dedup_key"));
        assertThat(smtp.mails).hasSize(2);
        assertThat(smtp.mails.get(0).data()).contains("Subject: [Aurum] FIRING:");
        assertThat(smtp.mails.get(1).data()).contains("Subject: [Aurum] RESOLVED:");

        AurumCli.Result history = AurumCli.run(env, "alerts", "history", "--format", "json");
        JsonNode rows = JSON.readTree(history.out());
        assertThat(rows).hasSize(6);
        rows.forEach(n -> assertThat(n.get("sent").asBoolean()).isTrue());
        // Nothing any command printed names a secret.
        List<String> said = List.of(configured.all(), r.all(), history.all(), child.output());
        for (String text : said) {
          assertThat(text)
              .doesNotContain(AlertReceivers.ROUTING_KEY)
              .doesNotContain("secret-webhook-token")
              .doesNotContain(StartTlsSmtp.PASSWORD);
        }
      }
    }
  }

  static boolean ended(AurumProcess child, CompletableFuture<?> here) {
    return !child.process().isAlive() || here.isDone();
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
                "1",
                "--rate-limit",
                "0.5"));
  }

  static final Pattern ADDRESS = Pattern.compile("metrics: http://localhost:(\\d+)/metrics");

  static int metricsPort(String output) {
    Matcher m = ADDRESS.matcher(output);
    return m.find() ? Integer.parseInt(m.group(1)) : -1;
  }

  static final Pattern FIRING =
      Pattern.compile(
          "(?m)^aurum_alerts_firing\\{rule=\"error_rate\",severity=\"error\"} ([0-9.]+)$");

  /** The child's aurum_alerts_firing for error_rate, -1 before it has one. */
  static int firing(int port) {
    try {
      HttpResponse<String> r =
          HTTP.send(
              HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics"))
                  .timeout(Duration.ofSeconds(5))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      Matcher m = FIRING.matcher(r.body());
      return m.find() ? (int) Double.parseDouble(m.group(1)) : -1;
    } catch (IOException e) {
      return -1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    }
  }

  static JsonNode listed(Map<String, String> env) throws Exception {
    AurumCli.Result r = AurumCli.run(env, "alerts", "list", "--format", "json");
    assertThat(r.exit()).as(r.all()).isZero();
    JsonNode rows = JSON.readTree(r.out());
    assertThat(rows).hasSize(1);
    return rows.get(0);
  }
}
