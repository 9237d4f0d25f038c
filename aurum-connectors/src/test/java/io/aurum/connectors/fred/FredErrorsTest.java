package io.aurum.connectors.fred;

import static org.assertj.core.api.Assertions.assertThat;

import io.aurum.core.error.UpstreamException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class FredErrorsTest {
  @Test
  void the_xml_error_form_is_read_too_and_429_is_throttled() {
    UpstreamException xml =
        FredErrors.fromResponse(
            400,
            "<?xml version=\"1.0\"?><error code=\"400\" message=\"Bad Request.  Variable api_key has not been set.\"/>",
            null,
            "u");
    assertThat(xml.retryable()).isFalse();
    assertThat(xml.getMessage()).contains("api_key has not been set", "FRED_API_KEY");
    UpstreamException throttled =
        FredErrors.fromResponse(
            429,
            "{\"error_code\":429,\"error_message\":\"Too Many Requests.\"}",
            Duration.ofSeconds(20),
            "u");
    assertThat(throttled.throttled()).isTrue();
    assertThat(throttled.retryAfter()).contains(Duration.ofSeconds(20));
    assertThat(FredErrors.fromResponse(500, "oops", null, "u").retryable()).isTrue();
  }
}
