package io.aurum.connectors.eia;

import static io.aurum.connectors.eia.EiaFixtures.demand;
import static io.aurum.connectors.eia.EiaFixtures.generation;
import static io.aurum.connectors.eia.EiaFixtures.price;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.aurum.connectors.ConnectorSettings;
import io.aurum.core.error.UpstreamException;
import io.aurum.core.model.Dataset;
import io.aurum.core.model.Observation;
import io.aurum.core.model.PartitionKey;
import io.aurum.core.model.SourceId;
import io.aurum.core.port.Connector;
import io.aurum.core.port.FetchContext;
import io.aurum.sandbox.Sandbox;
import io.aurum.sandbox.SandboxConfig;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class EiaConnectorSandboxTest {
  static final String KEY = "test-key-5f3a9";
  static final String REVOKED = "revoked-key-77c1";
  static Sandbox sandbox;

  final AtomicLong requests = new AtomicLong();
  final AtomicLong bytes = new AtomicLong();
  final FetchContext counting =
      new FetchContext() {
        @Override
        public void beforeRequest() {}

        @Override
        public void afterResponse(long n) {
          requests.incrementAndGet();
          bytes.addAndGet(n);
        }
      };

  @BeforeAll
  static void start() {
    sandbox =
        Sandbox.start(SandboxConfig.defaults().withoutQuotas().withRejectedKeys(Set.of(REVOKED)));
  }

  @AfterAll
  static void stop() {
    sandbox.close();
  }

  @BeforeEach
  void reset() {
    sandbox.reset();
  }

  static EiaConnector connector(String key) {
    Map<String, String> env = new java.util.HashMap<>();
    env.put("AURUM_EIA_BASE_URL", sandbox.baseUrl());
    if (key != null) {
      env.put("EIA_API_KEY", key);
    }
    return new EiaConnector(ConnectorSettings.fromEnvironment(env));
  }

  List<Observation> fetchDay(Dataset d, String date) {
    PartitionKey k = new PartitionKey(SourceId.EIA, d.name(), LocalDate.parse(date));
    List<Observation> out = new ArrayList<>();
    connector(KEY)
        .fetch(
            new Connector.FetchRequest(d, k, k.start(d), k.end(d), Map.of()), counting, out::add);
    return out;
  }

  UpstreamException failure(Dataset d, String date, String key) {
    return catchThrowableOfType(
        () -> {
          PartitionKey k = new PartitionKey(SourceId.EIA, d.name(), LocalDate.parse(date));
          connector(key)
              .fetch(
                  new Connector.FetchRequest(d, k, k.start(d), k.end(d), Map.of()),
                  counting,
                  o -> {});
        },
        UpstreamException.class);
  }

  @Test
  void a_normal_day_gives_every_series_every_hour_in_one_request() {
    List<Observation> rows = fetchDay(demand(), "2024-01-05");
    assertThat(rows).hasSize(5 * 24);
    assertThat(rows)
        .extracting(Observation::seriesId)
        .containsOnly("PJM-D", "MISO-D", "ERCO-D", "CISO-D", "NYIS-D");
    assertThat(rows)
        .extracting(Observation::period)
        .allMatch(
            p ->
                !p.isBefore(Instant.parse("2024-01-05T05:00:00Z"))
                    && p.isBefore(Instant.parse("2024-01-06T05:00:00Z")));
    assertThat(rows)
        .allMatch(o -> o.value() >= 10_000 && o.value() <= 150_000 && o.unit().equals("MWh"));
    assertThat(requests.get()).isEqualTo(1);
    assertThat(bytes.get()).isPositive();
    assertThat(sandbox.stats("eia").requestsStarting("2024-01-05")).isEqualTo(1);
  }

  @Test
  void spring_forward_and_fall_back_days_have_23_and_25_hours() {
    assertThat(fetchDay(demand(), "2024-03-10")).hasSize(5 * 23);
    assertThat(fetchDay(demand(), "2024-11-03")).hasSize(5 * 25);
    assertThat(fetchDay(generation(), "2024-11-03"))
        .hasSize(5 * 25)
        .extracting(Observation::seriesId)
        .contains("PJM-SUN", "PJM-NG");
  }

  @Test
  void a_monthly_partition_starts_at_midnight_new_york() {
    List<Observation> rows = fetchDay(price(), "2024-02-01");
    assertThat(rows)
        .hasSize(5)
        .allMatch(o -> o.period().equals(Instant.parse("2024-02-01T05:00:00Z")));
    assertThat(rows)
        .allMatch(o -> o.value() >= 5 && o.value() <= 40 && o.unit().equals("cents/kWh"));
  }

  @Test
  void more_than_5000_rows_are_paged_by_offset() {
    Dataset d = generation();
    Instant from = Instant.parse("2024-01-01T05:00:00Z");
    Instant to = Instant.parse("2024-02-15T05:00:00Z"); // 45 days x 24 h x 5 series = 5400 rows
    List<Observation> out = new ArrayList<>();
    connector(KEY)
        .fetch(
            new Connector.FetchRequest(
                d,
                new PartitionKey(SourceId.EIA, d.name(), LocalDate.of(2024, 1, 1)),
                from,
                to,
                Map.of()),
            counting,
            out::add);
    assertThat(out).hasSize(5400);
    assertThat(out.stream().map(o -> o.seriesId() + o.period()).distinct().count()).isEqualTo(5400);
    assertThat(requests.get()).isEqualTo(2);
    assertThat(sandbox.stats("eia").requests()).isEqualTo(2);
  }

  @Test
  void a_series_option_narrows_the_window() {
    Dataset d = demand();
    PartitionKey k = new PartitionKey(SourceId.EIA, d.name(), LocalDate.of(2024, 1, 5));
    List<Observation> out = new ArrayList<>();
    connector(KEY)
        .fetch(
            new Connector.FetchRequest(
                d,
                k,
                k.start(d),
                k.start(d).plus(Duration.ofHours(3)),
                Map.of("series", "PJM-D,NYIS-D")),
            counting,
            out::add);
    assertThat(out).hasSize(6).extracting(Observation::seriesId).containsOnly("PJM-D", "NYIS-D");
  }

  @Test
  void revisions_show_up_on_refetch() {
    List<Observation> before = fetchDay(demand(), "2024-01-05");
    sandbox.revise("eia", LocalDate.of(2024, 1, 5), LocalDate.of(2024, 1, 5));
    List<Observation> after = fetchDay(demand(), "2024-01-05");
    for (int i = 0; i < before.size(); i++) {
      boolean revised = before.get(i).period().isBefore(Instant.parse("2024-01-06T00:00:00Z"));
      assertThat(after.get(i).value() != before.get(i).value()).isEqualTo(revised);
    }
  }

  @Test
  void a_missing_key_fails_permanently_before_any_request() {
    UpstreamException e = failure(demand(), "2024-01-05", null);
    assertThat(e.retryable()).isFalse();
    assertThat(e).hasMessageContaining("EIA_API_KEY");
    assertThat(sandbox.stats("eia").requests()).isZero();
  }

  @Test
  void a_rejected_key_is_permanent_and_never_printed() {
    UpstreamException e = failure(demand(), "2024-01-05", REVOKED);
    assertThat(e.retryable()).isFalse();
    assertThat(e.httpStatus()).contains(403);
    assertThat(e.getMessage()).contains("API_KEY_INVALID", "api_key=***").doesNotContain(REVOKED);
  }

  @Test
  void a_429_is_throttled_with_its_retry_after() {
    sandbox.faults("eia").throttleNext(1, 3);
    UpstreamException e = failure(demand(), "2024-01-05", KEY);
    assertThat(e.throttled()).isTrue();
    assertThat(e.retryable()).isTrue();
    assertThat(e.retryAfter()).contains(Duration.ofSeconds(3));
    assertThat(e.getMessage()).doesNotContain(KEY);
  }

  @Test
  void the_sandbox_quota_throttles_a_burst() {
    sandbox.quota("eia", 0.2);
    try {
      fetchDay(demand(), "2024-01-05");
      UpstreamException e = failure(demand(), "2024-01-06", KEY);
      assertThat(e.throttled()).isTrue();
      assertThat(e.retryAfter())
          .hasValueSatisfying(d -> assertThat(d).isGreaterThanOrEqualTo(Duration.ofSeconds(1)));
    } finally {
      sandbox.quota("eia", 0);
    }
  }

  @Test
  void a_503_is_retryable() {
    sandbox.faults("eia").unavailableNext(1);
    UpstreamException e = failure(demand(), "2024-01-05", KEY);
    assertThat(e.retryable()).isTrue();
    assertThat(e.throttled()).isFalse();
    assertThat(e.httpStatus()).contains(503);
  }

  @Test
  void truncated_reset_and_malformed_bodies_are_retryable() {
    sandbox.faults("eia").truncateNext(1);
    assertThat(failure(demand(), "2024-01-05", KEY).retryable()).isTrue();
    sandbox.faults("eia").resetNext(1);
    assertThat(failure(demand(), "2024-01-05", KEY).retryable()).isTrue();
    sandbox.faults("eia").malformedNext(1);
    UpstreamException malformed = failure(demand(), "2024-01-05", KEY);
    assertThat(malformed.retryable()).isTrue();
    assertThat(malformed.getMessage()).contains("api_key=***").doesNotContain(KEY);
    assertThat(fetchDay(demand(), "2024-01-05")).hasSize(120);
  }

  @Test
  void a_permanently_failing_date_is_a_permanent_400() {
    sandbox.faults("eia").failDates(Set.of(LocalDate.of(2024, 1, 5)));
    UpstreamException e = failure(demand(), "2024-01-05", KEY);
    assertThat(e.retryable()).isFalse();
    assertThat(e.httpStatus()).contains(400);
    assertThat(fetchDay(demand(), "2024-01-04")).hasSize(120);
  }
}
