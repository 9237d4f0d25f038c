package io.aurum.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The strict sliding-window quota mode: "N per P" read as strictly as a server can. */
@Timeout(60)
class StrictWindowQuotaTest {
  static final ObjectMapper JSON = new ObjectMapper();
  static final HttpClient HTTP =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  static final String SERIES =
      "/fred/series/observations?series_id=DFF&api_key=k&file_type=json"
          + "&observation_start=2024-01-02&observation_end=2024-01-02";

  final AtomicLong now = new AtomicLong(1_000_000_000L);
  Sandbox sandbox;

  @AfterEach
  void stop() {
    if (sandbox != null) {
      sandbox.close();
    }
  }

  void advanceMillis(long ms) {
    now.addAndGet(ms * 1_000_000L);
  }

  @Test
  void n_requests_within_the_period_are_accepted_and_the_next_is_refused_until_the_oldest_leaves() {
    Quota q = Quota.strictWindow(3, Duration.ofSeconds(10), now::get);
    assertThat(q.tryAcquire()).isEmpty();
    advanceMillis(1_000);
    assertThat(q.tryAcquire()).isEmpty();
    advanceMillis(1_000);
    assertThat(q.tryAcquire()).isEmpty();
    advanceMillis(500);
    // 2.5 s after the first: it leaves the window 7.5 s from now, rounded up to 8.
    assertThat(q.tryAcquire()).isEqualTo(OptionalLong.of(8));
    advanceMillis(7_499);
    assertThat(q.tryAcquire()).isEqualTo(OptionalLong.of(1));
    advanceMillis(1);
    assertThat(q.tryAcquire()).isEmpty();
    // The refused requests did not count: the next slot frees when the second request leaves.
    assertThat(q.tryAcquire()).isEqualTo(OptionalLong.of(1));
  }

  @Test
  void a_burst_a_token_bucket_would_let_through_is_refused_by_the_window() {
    Quota window = Quota.strictWindow(5, Duration.ofSeconds(1), now::get);
    int accepted = 0;
    // Five at once, then one every 200 ms for a second: a bucket of 5/s grants all ten.
    for (int i = 0; i < 5; i++) {
      accepted += window.tryAcquire().isEmpty() ? 1 : 0;
    }
    for (int i = 0; i < 4; i++) {
      advanceMillis(200);
      accepted += window.tryAcquire().isEmpty() ? 1 : 0;
    }
    assertThat(accepted).isEqualTo(5);
    advanceMillis(200);
    assertThat(window.tryAcquire()).isEmpty();
  }

  @Test
  void the_real_quotas_can_be_served_as_strict_windows_and_switched_over_the_admin_api()
      throws Exception {
    sandbox = Sandbox.start(SandboxConfig.defaults().withStrictWindows());
    assertThat(sandbox.quotaOf("fred").mode()).isEqualTo(Quota.Mode.STRICT_WINDOW);
    assertThat(sandbox.quotaOf("fred").requests()).isEqualTo(120);
    assertThat(sandbox.quotaOf("caiso").period()).isEqualTo(Duration.ofSeconds(5));
    assertThat(sandbox.quotaOf("nyiso").requests()).isEqualTo(60);

    JsonNode set =
        JSON.readTree(
            post("/_admin/quota?source=fred&mode=strict_window&requests=3&period_seconds=30"));
    assertThat(set.get("mode").asText()).isEqualTo("strict_window");
    assertThat(set.get("requests").asLong()).isEqualTo(3);
    assertThat(set.get("period_seconds").asDouble()).isEqualTo(30.0);

    List<HttpResponse<String>> answers = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      answers.add(get(SERIES));
    }
    assertThat(answers.subList(0, 3)).allSatisfy(a -> assertThat(a.statusCode()).isEqualTo(200));
    HttpResponse<String> refused = answers.get(3);
    assertThat(refused.statusCode()).isEqualTo(429);
    // Whole seconds, rounded up, until the oldest of the three leaves the 30 s window.
    assertThat(Long.parseLong(refused.headers().firstValue("Retry-After").orElseThrow()))
        .isBetween(29L, 30L);
    assertThat(sandbox.stats("fred").throttled()).isEqualTo(1);
    SourceStats.Timeline timeline = sandbox.timeline("fred");
    assertThat(timeline.acceptedNanos()).hasSize(3);
    assertThat(timeline.refusedNanos()).hasSize(1);
    assertThat(timeline.mostAcceptedWithin(Duration.ofSeconds(30))).isEqualTo(3);

    // Back to the real quota, then to a token bucket.
    JsonNode real = JSON.readTree(post("/_admin/quota?source=fred&mode=strict_window"));
    assertThat(real.get("requests").asLong()).isEqualTo(120);
    assertThat(real.get("period_seconds").asDouble()).isEqualTo(60.0);
    JsonNode bucket = JSON.readTree(post("/_admin/quota?source=fred&per_second=2"));
    assertThat(bucket.get("mode").asText()).isEqualTo("token_bucket");
    assertThat(JSON.readTree(get("/_admin/quota?source=fred").body()).get("per_second").asDouble())
        .isEqualTo(2.0);
    assertThat(JSON.readTree(post("/_admin/quota?source=fred&per_second=0")).get("mode").asText())
        .isEqualTo("none");
  }

  @Test
  void the_default_stays_a_token_bucket() {
    sandbox = Sandbox.start(SandboxConfig.defaults());
    assertThat(sandbox.quotaOf("eia").mode()).isEqualTo(Quota.Mode.TOKEN_BUCKET);
    assertThat(sandbox.quotaOf("eia").perSecond()).isEqualTo(5.0);
    assertThat(sandbox.quotaOf("nyiso")).isNull();
  }

  HttpResponse<String> get(String pathAndQuery) throws Exception {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create(sandbox.baseUrl() + pathAndQuery)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  String post(String pathAndQuery) throws Exception {
    HttpResponse<String> r =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(sandbox.baseUrl() + pathAndQuery))
                .POST(HttpRequest.BodyPublishers.noBody())
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return r.body();
  }
}
