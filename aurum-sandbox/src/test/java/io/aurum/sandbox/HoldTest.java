package io.aurum.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A held source receives requests and answers them only once released. */
@Timeout(60)
class HoldTest {
  static final HttpClient HTTP =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  final Sandbox sandbox = Sandbox.start(SandboxConfig.defaults().withoutQuotas());

  @AfterEach
  void stop() {
    sandbox.close();
  }

  CompletableFuture<HttpResponse<String>> get(String path) {
    return HTTP.sendAsync(
        HttpRequest.newBuilder(URI.create(sandbox.baseUrl() + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void a_held_request_is_counted_but_answered_only_after_release() throws Exception {
    sandbox.faults("eia").hold();
    CompletableFuture<HttpResponse<String>> held =
        get("/v2/electricity/rto/region-data/data/?api_key=k&start=2024-01-01T00");

    await().atMost(30, TimeUnit.SECONDS).until(() -> sandbox.stats("eia").requests() == 1);
    // Another source is not held.
    assertThat(
            get("/fred/series/observations?series_id=DFF&api_key=k&file_type=json")
                .get(30, TimeUnit.SECONDS)
                .statusCode())
        .isPositive();
    assertThat(held).isNotDone();

    sandbox.faults("eia").release();
    assertThat(held.get(30, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
  }
}
