package io.aurum.app.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.aurum.app.cli.MetricsCliTest;
import io.aurum.app.metrics.GrafanaDashboardTest;
import io.aurum.app.testing.AurumCli;
import io.aurum.app.testing.AurumProcess;
import io.aurum.app.testing.KafkaBroker.Received;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class PostgresRelayTest extends RelayContractTest {
  @Override
  boolean postgres() {
    return true;
  }

  @Test
  void a_worker_with_relay_sends_the_outbox_and_stops_relaying_when_drained() throws Exception {
    assertThat(fx.backfillEiaDemand("2024-01-01", "2024-01-02").exit()).isZero();
    String prefix = topic.substring(0, topic.indexOf('.'));
    try (AurumProcess worker =
        AurumProcess.start(
            tmp.resolve("worker"),
            fx.env(),
            "worker",
            "--concurrency",
            "1",
            "--relay",
            "--bootstrap-servers",
            broker.bootstrapServers(),
            "--topic-prefix",
            prefix)) {
      List<Received> got = broker.read(topic, 2, Duration.ofSeconds(120));
      assertThat(got).as(worker.output()).hasSize(2);
      assertThat(got.stream().map(Received::key))
          .containsExactlyInAnyOrder("eia/ELEC.DEMAND/2024-01-01", "eia/ELEC.DEMAND/2024-01-02");
      worker.process().destroy(); // SIGTERM: the worker drains, the relay gives its lease up
      assertThat(worker.process().waitFor(60, TimeUnit.SECONDS)).as(worker.output()).isTrue();
      assertThat(worker.process().exitValue()).as(worker.output()).isZero();
      assertThat(worker.output()).contains("relaying the outbox to Kafka");
    }
    try (var store = fx.openStore()) {
      assertThat(store.outbox().unrelayed()).isZero();
    }
    // The drained worker gave the relay lease up: a relay started now sends at once.
    AurumCli.Result once = relayOnce();
    assertThat(once.out()).as(once.all()).contains("relayed 0 changes");
  }

  /**
   * {@code aurum relay --metrics-port 0} serves the relay's metrics with the health paths: every
   * family the Relay table of docs/monitoring.md lists and the dashboard reads, bounded labels, and
   * a scrape {@code promtool check metrics} passes.
   */
  @Test
  void aurum_relay_serves_its_metrics_and_health_and_they_pass_promtool() throws Exception {
    assertThat(fx.backfillEiaDemand("2024-01-01", "2024-01-02").exit()).isZero();
    String prefix = topic.substring(0, topic.indexOf('.'));
    try (AurumProcess relay =
        AurumProcess.start(
            tmp.resolve("relay"),
            fx.env(),
            "relay",
            "--bootstrap-servers",
            broker.bootstrapServers(),
            "--topic-prefix",
            prefix,
            "--metrics-port",
            "0")) {
      Pattern served = Pattern.compile("metrics: http://localhost:(\\d+)/metrics");
      int port =
          await("the metrics address on standard error")
              .atMost(Duration.ofSeconds(60))
              .pollInterval(Duration.ofMillis(100))
              .failFast("the relay exited", () -> !relay.process().isAlive())
              .until(
                  () -> {
                    Matcher m = served.matcher(relay.output());
                    return m.find() ? Integer.parseInt(m.group(1)) : -1;
                  },
                  p -> p > 0);
      String scrape =
          await("the two changes sent and the backlog read empty")
              .atMost(Duration.ofSeconds(60))
              .pollInterval(Duration.ofMillis(200))
              .until(
                  () -> MetricsCliTest.scrape(port),
                  text ->
                      text != null
                          && MetricsCliTest.value(
                                  text,
                                  "aurum_relay_messages_total",
                                  Map.of("source", "eia", "kind", "publish"))
                              == 2
                          && MetricsCliTest.value(text, "aurum_relay_unrelayed_rows", Map.of())
                              == 0);
      assertThat(broker.read(topic, 2, Duration.ofSeconds(60))).hasSize(2);
      assertThat(scrape)
          .contains(
              "# TYPE aurum_relay_messages_total counter",
              "# TYPE aurum_relay_send_failures_total counter",
              "# TYPE aurum_relay_pruned_rows_total counter",
              "# TYPE aurum_relay_lease_held gauge",
              "# TYPE aurum_relay_unrelayed_rows gauge",
              "# TYPE aurum_relay_held_rows gauge",
              "# TYPE aurum_relay_lag_seconds gauge");
      assertThat(MetricsCliTest.value(scrape, "aurum_relay_lease_held", Map.of())).isEqualTo(1);
      assertThat(MetricsCliTest.value(scrape, "aurum_relay_lag_seconds", Map.of())).isZero();
      assertThat(MetricsCliTest.value(scrape, "aurum_relay_send_failures_total", Map.of()))
          .isZero();
      Set<String> exported = new HashSet<>();
      scrape
          .lines()
          .filter(l -> !l.startsWith("#") && !l.isBlank())
          .forEach(l -> exported.add(l.split("[{ ]", 2)[0]));
      assertThat(GrafanaDashboardTest.relayMetricNames()).isNotEmpty();
      assertThat(exported).containsAll(GrafanaDashboardTest.relayMetricNames());
      MetricsCliTest.assertBoundedLabels(scrape);
      MetricsCliTest.promtool(scrape);
      assertThat(MetricsCliTest.undocumented(scrape)).as("missing from monitoring.md").isEmpty();

      HttpClient http = HttpClient.newHttpClient();
      for (String path : List.of("/health/live", "/health/ready")) {
        HttpResponse<String> r =
            http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(path + ": " + r.body()).isEqualTo(200);
      }
      relay.process().destroy(); // SIGTERM: the batch in flight is marked, the lease given up
      assertThat(relay.process().waitFor(60, TimeUnit.SECONDS)).as(relay.output()).isTrue();
      // The JVM's own exit on SIGTERM, after the relay's shutdown hook: 128 + 15.
      assertThat(relay.process().exitValue()).as(relay.output()).isEqualTo(143);
    }
    try (var store = fx.openStore()) {
      // The stopped relay gave its lease up: another takes it at once.
      assertThat(store.outbox().claim("next", Duration.ofSeconds(10), 1)).isPresent();
    }
  }
}
