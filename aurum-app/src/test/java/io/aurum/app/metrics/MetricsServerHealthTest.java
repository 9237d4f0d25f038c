package io.aurum.app.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** A worker's metrics server also answers the Kubernetes probes (deploy/k8s/worker-deployment). */
class MetricsServerHealthTest {
  private final HttpClient http = HttpClient.newHttpClient();

  private HttpResponse<String> get(MetricsServer s, String path) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + s.port() + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void live_is_200_while_the_process_runs_and_ready_follows_the_worker() throws Exception {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    AtomicBoolean ready = new AtomicBoolean(false);
    try (MetricsServer s = MetricsServer.start(registry, 0, ready::get)) {
      assertThat(get(s, "/health/live").statusCode()).isEqualTo(200);
      HttpResponse<String> notReady = get(s, "/health/ready");
      assertThat(notReady.statusCode()).isEqualTo(503);
      assertThat(notReady.body()).contains("not registered");
      ready.set(true);
      assertThat(get(s, "/health/ready").statusCode()).isEqualTo(200);
      assertThat(get(s, "/metrics").statusCode()).isEqualTo(200);
    }
  }

  @Test
  void without_a_worker_the_health_paths_are_not_served() throws Exception {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    try (MetricsServer s = MetricsServer.start(registry, 0)) {
      assertThat(get(s, "/health/live").statusCode()).isEqualTo(404);
      assertThat(get(s, "/metrics").statusCode()).isEqualTo(200);
    }
  }

  @Test
  void the_fenced_publish_counter_is_exported_under_its_documented_name() {
    AurumMetrics m = AurumMetrics.unserved();
    m.workerFencedPublish();
    m.workerFencedPublish();
    assertThat(m.scrape()).contains("aurum_worker_fenced_publishes_total 2.0");
    m.close();
  }
}
