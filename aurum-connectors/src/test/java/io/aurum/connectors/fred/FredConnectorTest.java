package io.aurum.connectors.fred;

import static io.aurum.connectors.TestDatasets.NY;
import static io.aurum.connectors.TestDatasets.day;
import static io.aurum.connectors.TestDatasets.fetch;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.aurum.connectors.ConnectorSettings;
import io.aurum.connectors.RecordedServer;
import io.aurum.connectors.TestDatasets;
import io.aurum.connectors.http.UpstreamHttp;
import io.aurum.core.error.UpstreamException;
import io.aurum.core.model.Observation;
import io.aurum.sandbox.Sandbox;
import io.aurum.sandbox.SandboxConfig;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * FRED against the sandbox and recorded-shape payloads (docs/sources.md, "Recorded payload
 * shapes").
 */
@Timeout(60)
class FredConnectorTest {
  static final String KEY = "abcdef0123456789abcdef0123456789";
  final Sandbox sandbox =
      Sandbox.start(SandboxConfig.defaults().withoutQuotas().withRejectedKeys(Set.of("bad-key")));
  final RecordedServer recorded = new RecordedServer();

  @AfterEach
  void stop() {
    sandbox.close();
    recorded.close();
  }

  FredConnector connector(String baseUrl, String key, int limit) {
    ConnectorSettings s =
        ConnectorSettings.fromEnvironment(
            key == null
                ? Map.of("AURUM_FRED_BASE_URL", baseUrl)
                : Map.of("AURUM_FRED_BASE_URL", baseUrl, "FRED_API_KEY", key));
    return new FredConnector(
        s,
        new UpstreamHttp(
            Duration.ofSeconds(5), Duration.ofSeconds(5), Clock.systemUTC(), s.secrets()),
        limit);
  }

  @Test
  void a_dot_value_is_absent_and_the_other_series_are_kept() {
    List<Observation> rows =
        fetch(
            connector(sandbox.baseUrl(), KEY, 1000),
            TestDatasets.fredDaily(),
            LocalDate.of(2024, 1, 1));
    assertThat(rows).extracting(Observation::seriesId).containsExactly("DFF");
    assertThat(rows.get(0).period()).isEqualTo(day("2024-01-01", NY));
  }

  @Test
  void pages_by_limit_and_offset_until_count() {
    List<Observation> rows =
        fetch(
            connector(sandbox.baseUrl(), KEY, 2),
            TestDatasets.fredDaily(),
            day("2024-01-02", NY),
            day("2024-01-07", NY),
            Map.of());
    // Tuesday to Saturday: DGS10 and DGS2 have no Saturday row (4 each), DFF has 5.
    assertThat(rows).hasSize(13);
    assertThat(rows)
        .filteredOn(o -> o.seriesId().startsWith("DGS"))
        .extracting(Observation::period)
        .doesNotContain(day("2024-01-06", NY));
    // DGS10 and DGS2: 2 pages of 2 each; DFF: 3 pages.
    assertThat(sandbox.stats("fred").requests()).isEqualTo(2 + 2 + 3);
  }

  @Test
  void as_of_asks_for_a_real_time_period_and_two_vintages_differ() {
    FredConnector c = connector(sandbox.baseUrl(), KEY, 1000);
    LocalDate jan = LocalDate.of(2024, 1, 1);
    List<Observation> early =
        fetch(c, TestDatasets.fredMonthly(), jan, Map.of("as_of", "2024-02-10"));
    List<Observation> late =
        fetch(c, TestDatasets.fredMonthly(), jan, Map.of("as_of", "2024-06-01"));
    List<Observation> before =
        fetch(c, TestDatasets.fredMonthly(), jan, Map.of("as_of", "2024-01-15"));
    assertThat(early).hasSize(2);
    assertThat(late).hasSize(2);
    assertThat(early.get(0).value()).isNotEqualTo(late.get(0).value());
    assertThat(before).as("not yet published on 2024-01-15").isEmpty();
  }

  @Test
  void the_request_names_json_and_the_real_time_period() {
    URI uri =
        new FredRequestBuilder("https://api.stlouisfed.org", KEY, 100000)
            .page(
                "UNRATE",
                LocalDate.of(2024, 1, 1),
                LocalDate.of(2024, 1, 31),
                LocalDate.of(2024, 3, 1),
                0);
    assertThat(uri.toString())
        .startsWith("https://api.stlouisfed.org/fred/series/observations?series_id=UNRATE")
        .contains("file_type=json", "realtime_start=2024-03-01", "realtime_end=2024-03-01")
        .contains("limit=100000", "offset=0");
  }

  @Test
  void a_429_is_throttled_with_its_retry_after() {
    sandbox.faults("fred").throttleNext(1, 7);
    UpstreamException e =
        catchThrowableOfType(
            () ->
                fetch(
                    connector(sandbox.baseUrl(), KEY, 1000),
                    TestDatasets.fredDaily(),
                    LocalDate.of(2024, 1, 2)),
            UpstreamException.class);
    assertThat(e.throttled()).isTrue();
    assertThat(e.retryAfter()).contains(Duration.ofSeconds(7));
  }

  @Test
  void a_400_error_json_about_the_key_is_permanent_and_names_the_variable_not_the_key() {
    recorded.answer(
        new RecordedServer.Answer(
            400,
            "text/xml",
            Map.of(),
            ("{\"error_code\":400,\"error_message\":\"Bad Request.  The value for variable api_key"
                    + " is not registered.  Read https://fred.stlouisfed.org/docs/api/api_key.html"
                    + " for more information.\"}")
                .getBytes()));
    UpstreamException e =
        catchThrowableOfType(
            () ->
                fetch(
                    connector(recorded.baseUrl(), KEY, 1000),
                    TestDatasets.fredDaily(),
                    LocalDate.of(2024, 1, 2)),
            UpstreamException.class);
    assertThat(e.retryable()).isFalse();
    assertThat(e.getMessage()).contains("FRED_API_KEY", "not registered").doesNotContain(KEY);
  }

  @Test
  void a_rejected_key_at_the_sandbox_is_permanent() {
    UpstreamException e =
        catchThrowableOfType(
            () ->
                fetch(
                    connector(sandbox.baseUrl(), "bad-key", 1000),
                    TestDatasets.fredDaily(),
                    LocalDate.of(2024, 1, 2)),
            UpstreamException.class);
    assertThat(e.retryable()).isFalse();
    assertThat(e.getMessage()).contains("FRED_API_KEY").doesNotContain("bad-key");
  }

  @Test
  void a_missing_key_is_permanent_and_names_the_variable() {
    UpstreamException e =
        catchThrowableOfType(
            () ->
                fetch(
                    connector(sandbox.baseUrl(), null, 1000),
                    TestDatasets.fredDaily(),
                    LocalDate.of(2024, 1, 2)),
            UpstreamException.class);
    assertThat(e.retryable()).isFalse();
    assertThat(e.getMessage()).contains("FRED_API_KEY");
    assertThat(sandbox.stats("fred").requests()).isZero();
  }
}
