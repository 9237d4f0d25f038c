package io.aurum.connectors.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

class UpstreamHttpTest {
  static final Clock CLOCK = Clock.fixed(Instant.parse("2024-01-01T00:00:00Z"), ZoneOffset.UTC);

  @Test
  void retry_after_accepts_seconds_and_http_dates() {
    assertThat(RetryAfter.parse("7", CLOCK)).contains(Duration.ofSeconds(7));
    assertThat(RetryAfter.parse("Mon, 01 Jan 2024 00:00:30 GMT", CLOCK))
        .contains(Duration.ofSeconds(30));
    assertThat(RetryAfter.parse("Sun, 31 Dec 2023 23:00:00 GMT", CLOCK)).contains(Duration.ZERO);
    assertThat(RetryAfter.parse("soon", CLOCK)).isEmpty();
    assertThat(RetryAfter.parse(null, CLOCK)).isEmpty();
  }

  @Test
  void redaction_removes_credential_parameters_and_known_secrets() {
    String url =
        "https://api.eia.gov/v2/x/data/?api_key=abc123&frequency=hourly&registrationkey=zzz&token=t0k";
    assertThat(Redaction.redact(url))
        .isEqualTo(
            "https://api.eia.gov/v2/x/data/?api_key=***&frequency=hourly&registrationkey=***&token=***");
    assertThat(Redaction.redact("key abc123 leaked", List.of("abc123")))
        .isEqualTo("key *** leaked");
  }

  @Test
  void statuses_are_classified() {
    assertThat(UpstreamHttp.classify(429, Duration.ofSeconds(3), "u", "").throttled()).isTrue();
    assertThat(UpstreamHttp.classify(429, Duration.ofSeconds(3), "u", "").retryAfter())
        .contains(Duration.ofSeconds(3));
    assertThat(UpstreamHttp.classify(503, null, "u", "").retryable()).isTrue();
    assertThat(UpstreamHttp.classify(500, null, "u", "").retryable()).isTrue();
    for (int status : new int[] {400, 401, 403, 404}) {
      assertThat(UpstreamHttp.classify(status, null, "u", "").retryable()).isFalse();
    }
  }
}
