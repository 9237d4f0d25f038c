package io.aurum.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class SandboxAdminTest {
  static final ObjectMapper JSON = new ObjectMapper();
  static final HttpClient HTTP =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  static final String DAY =
      "/v2/electricity/rto/region-data/data/?api_key=k&frequency=hourly&data%5B0%5D=value"
          + "&facets%5Brespondent%5D%5B%5D=PJM&start=START&end=END";

  Sandbox sandbox;

  @AfterEach
  void stop() {
    if (sandbox != null) {
      sandbox.close();
    }
  }

  HttpResponse<String> get(String pathAndQuery) throws Exception {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create(sandbox.baseUrl() + pathAndQuery)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  HttpResponse<String> post(String pathAndQuery) throws Exception {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create(sandbox.baseUrl() + pathAndQuery))
            .POST(HttpRequest.BodyPublishers.noBody())
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  String day(String start, String end) {
    return DAY.replace("START", start).replace("END", end);
  }

  @Test
  void quota_answers_429_with_an_integer_retry_after_and_counts_it() throws Exception {
    sandbox = Sandbox.start(SandboxConfig.defaults().withQuota("eia", 0.5));
    HttpResponse<String> ok = get(day("2024-01-01T00", "2024-01-01T01"));
    HttpResponse<String> throttled = get(day("2024-01-01T00", "2024-01-01T01"));

    assertThat(ok.statusCode()).isEqualTo(200);
    assertThat(throttled.statusCode()).isEqualTo(429);
    long retryAfter = Long.parseLong(throttled.headers().firstValue("Retry-After").orElseThrow());
    assertThat(retryAfter).isBetween(1L, 2L);
    assertThat(sandbox.stats("eia").throttled()).isEqualTo(1);
    assertThat(sandbox.stats("eia").requests()).isEqualTo(2);
  }

  @Test
  void default_eia_quota_allows_a_burst_of_five() throws Exception {
    sandbox = Sandbox.start(SandboxConfig.defaults());
    List<Integer> statuses = new ArrayList<>();
    for (int i = 0; i < 7; i++) {
      statuses.add(get(day("2024-01-01T00", "2024-01-01T00")).statusCode());
    }
    assertThat(statuses.subList(0, 5)).containsOnly(200);
    assertThat(statuses).contains(429);
  }

  @Test
  void fail_dates_fail_requests_starting_on_that_utc_date_only() throws Exception {
    sandbox = Sandbox.start(SandboxConfig.defaults().withoutQuotas());
    assertThat(post("/_admin/faults?source=eia&fail_dates=2024-01-05").statusCode()).isEqualTo(200);

    HttpResponse<String> failing = get(day("2024-01-05T05", "2024-01-06T04"));
    HttpResponse<String> before = get(day("2024-01-04T05", "2024-01-05T04"));
    assertThat(failing.statusCode()).isEqualTo(400);
    assertThat(JSON.readTree(failing.body()).get("error").asText()).contains("2024-01-05");
    assertThat(before.statusCode()).isEqualTo(200);
    assertThat(get(day("2024-01-05T05", "2024-01-06T04")).statusCode()).isEqualTo(400);
    assertThat(sandbox.stats("eia").faults()).isEqualTo(2);
  }

  @Test
  void stats_count_requests_throttles_faults_and_start_dates() throws Exception {
    sandbox = Sandbox.start(SandboxConfig.defaults().withoutQuotas());
    get(day("2024-01-05T05", "2024-01-05T06"));
    get(day("2024-01-05T10", "2024-01-05T11"));
    get(day("2024-01-06T05", "2024-01-06T06"));
    post("/_admin/faults?source=eia&throttle_next=1&retry_after=7");
    HttpResponse<String> throttled = get(day("2024-01-07T05", "2024-01-07T06"));
    assertThat(throttled.statusCode()).isEqualTo(429);
    assertThat(throttled.headers().firstValue("Retry-After")).hasValue("7");

    JsonNode stats = JSON.readTree(get("/_admin/stats").body()).get("eia");
    assertThat(stats.get("requests").asLong()).isEqualTo(4);
    assertThat(stats.get("throttled").asLong()).isEqualTo(1);
    assertThat(stats.get("faults").asLong()).isEqualTo(1);
    assertThat(stats.at("/by_start_date/2024-01-05").asLong()).isEqualTo(2);
    assertThat(stats.at("/by_start_date/2024-01-06").asLong()).isEqualTo(1);
    assertThat(sandbox.stats("eia").requestsStarting("2024-01-07")).isEqualTo(1);

    post("/_admin/reset");
    assertThat(sandbox.stats("eia").requests()).isZero();
    assertThat(sandbox.faults("eia").settings().throttleNext()).isZero();
  }

  @Test
  void bursts_of_503_then_normal_answers() throws Exception {
    sandbox = Sandbox.start(SandboxConfig.defaults().withoutQuotas());
    sandbox.faults("eia").unavailableNext(2);
    assertThat(get(day("2024-01-01T00", "2024-01-01T00")).statusCode()).isEqualTo(503);
    assertThat(get(day("2024-01-01T00", "2024-01-01T00")).statusCode()).isEqualTo(503);
    assertThat(get(day("2024-01-01T00", "2024-01-01T00")).statusCode()).isEqualTo(200);
  }

  @Test
  void random_errors_are_reproducible_with_a_seed() throws Exception {
    sandbox = Sandbox.start(SandboxConfig.defaults().withoutQuotas());
    List<Integer> first = new ArrayList<>();
    List<Integer> second = new ArrayList<>();
    post("/_admin/faults?source=eia&error_rate=0.5&seed=7");
    for (int i = 0; i < 20; i++) {
      first.add(get(day("2024-01-01T00", "2024-01-01T00")).statusCode());
    }
    post("/_admin/faults?source=eia&error_rate=0.5&seed=7");
    for (int i = 0; i < 20; i++) {
      second.add(get(day("2024-01-01T00", "2024-01-01T00")).statusCode());
    }
    assertThat(first).isEqualTo(second).contains(200).containsAnyOf(500, 503);
  }

  @Test
  void body_faults_truncate_malform_and_reset() throws Exception {
    sandbox = Sandbox.start(SandboxConfig.defaults().withoutQuotas());
    String q = day("2024-01-01T00", "2024-01-01T23");
    String full = get(q).body();
    sandbox.faults("eia").truncateNext(1);
    HttpResponse<String> truncated = get(q);
    assertThat(truncated.statusCode()).isEqualTo(200);
    assertThat(full).startsWith(truncated.body());
    assertThat(truncated.body().length()).isLessThan(full.length());

    sandbox.faults("eia").malformedNext(1);
    assertThatThrownBy(() -> JSON.readTree(get(q).body())).isInstanceOf(IOException.class);

    sandbox.faults("eia").resetNext(1);
    assertThatThrownBy(() -> get(q)).isInstanceOf(IOException.class);
    assertThat(get(q).body()).isEqualTo(full);
    assertThat(sandbox.stats("eia").faults()).isEqualTo(3);
  }

  @Test
  void stats_show_the_most_requests_in_flight_at_once() throws Exception {
    sandbox = Sandbox.start(SandboxConfig.defaults().withoutQuotas());
    post("/_admin/faults?source=eia&latency_ms=300");
    get(day("2024-01-01T00", "2024-01-01T00"));
    get(day("2024-01-01T00", "2024-01-01T00"));
    assertThat(sandbox.stats("eia").mostInFlight()).as("one after the other").isEqualTo(1);

    List<java.util.concurrent.CompletableFuture<HttpResponse<String>>> three = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      three.add(
          HTTP.sendAsync(
              HttpRequest.newBuilder(
                      URI.create(sandbox.baseUrl() + day("2024-01-01T00", "2024-01-01T00")))
                  .build(),
              HttpResponse.BodyHandlers.ofString()));
    }
    three.forEach(java.util.concurrent.CompletableFuture::join);
    JsonNode stats = JSON.readTree(get("/_admin/stats?source=eia").body()).get("eia");
    assertThat(stats.get("most_in_flight").asInt())
        .as("three at once, each held 300 ms")
        .isEqualTo(3);

    post("/_admin/reset");
    assertThat(sandbox.stats("eia").mostInFlight()).isZero();
  }

  @Test
  void latency_is_added() throws Exception {
    sandbox = Sandbox.start(SandboxConfig.defaults().withoutQuotas());
    post("/_admin/faults?source=eia&latency_ms=200");
    long t0 = System.nanoTime();
    get(day("2024-01-01T00", "2024-01-01T00"));
    assertThat((System.nanoTime() - t0) / 1_000_000).isGreaterThanOrEqualTo(200);
  }

  @Test
  void admin_rejects_bad_input() throws Exception {
    sandbox = Sandbox.start(SandboxConfig.defaults().withoutQuotas());
    assertThat(post("/_admin/faults?source=nope&latency_ms=1").statusCode()).isEqualTo(400);
    assertThat(post("/_admin/revise?source=eia&start=2024-13-01").statusCode()).isEqualTo(400);
    assertThat(post("/_admin/faults?source=eia&error_rate=2").statusCode()).isEqualTo(400);
    assertThat(get("/_admin/nothing").statusCode()).isEqualTo(404);
  }
}
