package io.aurum.app.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.aurum.app.testing.CliFixture;
import io.aurum.core.model.Role;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Failed sign-ins are limited per address: guessing tokens meets 429 and Retry-After. */
class AuthRateLimitTest {
  @TempDir Path tmp;

  @Test
  void failed_attempts_beyond_the_limit_are_429_with_retry_after_even_for_a_good_token() {
    try (CliFixture fx = new CliFixture(tmp, false, 1000, 4);
        TestServer s = new TestServer(fx)) {
      for (int i = 0; i < Auth.FAILURES; i++) {
        HttpResponse<String> r =
            s.send(
                HttpRequest.newBuilder(URI.create(s.base() + "/api/operations")).GET(),
                "aurum_guess" + i);
        assertThat(r.statusCode()).isEqualTo(401);
      }
      HttpResponse<String> limited =
          s.send(
              HttpRequest.newBuilder(URI.create(s.base() + "/api/operations")).GET(),
              "aurum_guess");
      assertThat(limited.statusCode()).isEqualTo(429);
      assertThat(limited.headers().firstValue("Retry-After")).isPresent();
      assertThat(TestServer.json(limited).get("detail").asText()).contains("too many failed");
      assertThat(s.get("/api/operations", Role.VIEWER).statusCode()).isEqualTo(429);
      assertThat(s.get("/health/live", null).statusCode()).isEqualTo(200);
    }
  }
}
