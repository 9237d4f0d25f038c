package io.aurum.core.health;

import static org.assertj.core.api.Assertions.assertThat;

import io.aurum.core.config.AurumConfig;
import io.aurum.core.error.UpstreamException;
import io.aurum.core.model.Observation;
import io.aurum.core.model.SourceId;
import io.aurum.core.port.Connector;
import io.aurum.core.port.FetchContext;
import io.aurum.core.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class SourceHealthTest {
  static final AurumConfig CONFIG = AurumConfig.load(java.nio.file.Path.of("..", "config"));
  final MutableClock clock = new MutableClock(Instant.parse("2024-06-10T12:00:00Z"));
  final List<Connector.FetchRequest> asked = new ArrayList<>();

  /** An upstream answering every request with one row per hour, or failing with {@code error}. */
  Connector upstream(UpstreamException error) {
    return new Connector() {
      @Override
      public SourceId source() {
        return SourceId.EIA;
      }

      @Override
      public void fetch(FetchRequest r, FetchContext context, Consumer<Observation> sink) {
        asked.add(r);
        if (error != null) {
          throw error;
        }
        for (Instant t = r.from(); t.isBefore(r.to()); t = t.plus(Duration.ofHours(1))) {
          sink.accept(new Observation("S", t, 1.0, "MWh"));
        }
      }
    };
  }

  SourceHealth health(Connector c, String key) {
    return new SourceHealth(
        CONFIG,
        c == null ? Map.of() : Map.of(SourceId.EIA, c),
        clock,
        s -> s == SourceId.EIA ? "EIA_API_KEY" : null,
        v -> key);
  }

  @Test
  void a_source_that_answers_is_ok_probed_three_days_back_by_the_clock() {
    SourceHealth.Report r = health(upstream(null), "secret").check(SourceId.EIA);
    assertThat(r.status()).isEqualTo("OK");
    assertThat(r.reachable()).isTrue();
    assertThat(r.credentials()).isEqualTo("accepted").doesNotContain("secret");
    assertThat(asked)
        .singleElement()
        .satisfies(
            q -> assertThat(q.partition().period()).isEqualTo(java.time.LocalDate.of(2024, 6, 7)));
    assertThat(r.rows()).isEqualTo(24);
    assertThat(r.quotaPerSecond())
        .isEqualTo(CONFIG.quotas().get(SourceId.EIA).totalRequestsPerSecond());
    assertThat(r.operationShare()).isEqualTo(0.8, org.assertj.core.data.Offset.offset(1e-9));
  }

  @Test
  void a_refused_key_is_down_and_reported_rejected_and_a_429_is_degraded() {
    SourceHealth.Report refused =
        health(upstream(UpstreamException.permanent("forbidden", 403)), "k").check(SourceId.EIA);
    assertThat(refused.status()).isEqualTo("DOWN");
    assertThat(refused.reachable()).isTrue();
    assertThat(refused.credentials()).isEqualTo("rejected");

    SourceHealth.Report throttled =
        health(upstream(UpstreamException.throttled("slow down", 429, Duration.ofSeconds(5))), null)
            .check(SourceId.EIA);
    assertThat(throttled.status()).isEqualTo("DEGRADED");
    assertThat(throttled.credentials()).isEqualTo("missing (EIA_API_KEY)");

    SourceHealth.Report offline =
        health(upstream(UpstreamException.retryable("connection refused", null)), "k")
            .check(SourceId.EIA);
    assertThat(offline.status()).isEqualTo("DOWN");
    assertThat(offline.reachable()).isFalse();
  }

  @Test
  void a_source_without_a_connector_is_down_without_a_request() {
    SourceHealth.Report r = health(null, "k").check(SourceId.EIA);
    assertThat(r.status()).isEqualTo("DOWN");
    assertThat(r.detail()).isEqualTo("no connector for this source in this build");
    assertThat(r.credentials()).isEqualTo("present");
  }
}
