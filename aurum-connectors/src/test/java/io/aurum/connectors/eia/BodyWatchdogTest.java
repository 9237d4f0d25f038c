package io.aurum.connectors.eia;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.aurum.connectors.ConnectorSettings;
import io.aurum.connectors.TestDatasets;
import io.aurum.core.error.UpstreamException;
import io.aurum.sandbox.Sandbox;
import io.aurum.sandbox.SandboxConfig;
import java.time.Duration;
import java.time.LocalDate;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A server that stops sending mid-body times out (retryable) instead of hanging the caller. */
@Timeout(30)
class BodyWatchdogTest {
  final Sandbox sandbox = Sandbox.start(SandboxConfig.defaults().withoutQuotas());

  @AfterEach
  void stop() {
    sandbox.close();
  }

  @Test
  void a_body_that_stalls_mid_way_times_out_as_retryable() {
    sandbox.faults("eia").stallNext(1);
    ConnectorSettings s =
        ConnectorSettings.fromEnvironment(
                Map.of("AURUM_EIA_BASE_URL", sandbox.baseUrl(), "EIA_API_KEY", "k-123456"))
            .withTimeouts(Duration.ofSeconds(2), Duration.ofMillis(800));
    long t0 = System.nanoTime();
    UpstreamException e =
        catchThrowableOfType(
            () ->
                TestDatasets.fetch(
                    new EiaConnector(s), EiaFixtures.demand(), LocalDate.of(2024, 3, 10)),
            UpstreamException.class);
    assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(10));
    assertThat(e.retryable()).isTrue();
    assertThat(e.throttled()).isFalse();
    assertThat(e.getMessage())
        .contains("timed out after", "reading the body")
        .doesNotContain("k-123456");
  }
}
