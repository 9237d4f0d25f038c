package io.aurum.connectors.noaa;

import static io.aurum.connectors.TestDatasets.NY;
import static io.aurum.connectors.TestDatasets.day;
import static io.aurum.connectors.TestDatasets.fetch;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.aurum.connectors.ConnectorSettings;
import io.aurum.connectors.RecordedServer;
import io.aurum.connectors.TestDatasets;
import io.aurum.core.error.UpstreamException;
import io.aurum.core.model.Observation;
import io.aurum.sandbox.Sandbox;
import io.aurum.sandbox.SandboxConfig;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * NOAA CDO v2 against the sandbox and recorded-shape payloads (docs/sources.md, "Recorded payload
 * shapes").
 */
@Timeout(60)
class NoaaConnectorTest {
  static final String TOKEN = "noaaTokenABCDEFG";
  final Sandbox sandbox =
      Sandbox.start(
          SandboxConfig.defaults()
              .withoutQuotas()
              .withRejectedKeys(java.util.Set.of("bad-token-1")));
  final RecordedServer recorded = new RecordedServer();

  @AfterEach
  void stop() {
    sandbox.close();
    recorded.close();
  }

  NoaaConnector connector(String baseUrl, Map<String, String> extra) {
    Map<String, String> env = new java.util.HashMap<>(extra);
    env.put("AURUM_NOAA_BASE_URL", baseUrl);
    return new NoaaConnector(ConnectorSettings.fromEnvironment(env));
  }

  NoaaConnector connector(String baseUrl) {
    return connector(baseUrl, Map.of("NOAA_TOKEN", TOKEN));
  }

  @Test
  void a_year_pages_by_1_based_offset_in_steps_of_1000() {
    List<Observation> rows =
        fetch(
            connector(sandbox.baseUrl()),
            TestDatasets.noaaTemp(),
            day("2024-01-01", NY),
            day("2025-01-01", NY),
            Map.of());
    assertThat(rows).hasSize(366 * 6);
    assertThat(sandbox.stats("noaa").requests()).isEqualTo(3);
  }

  @Test
  void two_recorded_pages_are_asked_at_offset_1_then_1001_with_the_token_header_and_metric_units() {
    StringBuilder page1 =
        new StringBuilder(
            "{\"metadata\":{\"resultset\":{\"offset\":1,\"count\":1002,\"limit\":1000}},\"results\":[");
    for (int i = 0; i < 1000; i++) {
      page1
          .append(i == 0 ? "" : ",")
          .append(
              "{\"date\":\"2024-01-01T00:00:00\",\"datatype\":\"TMAX\",\"station\":\"GHCND:USW00094728\",\"attributes\":\",,W,2400\",\"value\":7.2}");
    }
    page1.append("]}");
    String page2 =
        "{\"metadata\":{\"resultset\":{\"offset\":1001,\"count\":1002,\"limit\":1000}},\"results\":["
            + "{\"date\":\"2024-01-01T00:00:00\",\"datatype\":\"TMIN\",\"station\":\"GHCND:USW00094728\",\"attributes\":\",,W,2400\",\"value\":2.8},"
            + "{\"date\":\"2024-01-01T00:00:00\",\"datatype\":\"TMIN\",\"station\":\"GHCND:USW00014732\",\"attributes\":\",,W,2400\",\"value\":-1.5}]}";
    recorded.answer(
        RecordedServer.Answer.json(200, page1.toString()), RecordedServer.Answer.json(200, page2));
    List<Observation> rows =
        fetch(connector(recorded.baseUrl()), TestDatasets.noaaTemp(), LocalDate.of(2024, 1, 1));
    assertThat(rows).hasSize(1002);
    assertThat(rows.get(1001).seriesId()).isEqualTo("USW00014732-TMIN");
    assertThat(rows.get(1001).value()).isEqualTo(-1.5);
    var seen = recorded.seen();
    assertThat(seen).hasSize(2);
    assertThat(seen.get(0).uri().getQuery())
        .contains("offset=1", "units=metric", "limit=1000")
        .doesNotContain(TOKEN);
    assertThat(seen.get(1).uri().getQuery()).contains("offset=1001");
    assertThat(seen.get(0).header("token")).isEqualTo(TOKEN);
  }

  @Test
  void an_empty_object_is_no_data() {
    recorded.answer(RecordedServer.Answer.json(200, "{}"));
    assertThat(
            fetch(connector(recorded.baseUrl()), TestDatasets.noaaTemp(), LocalDate.of(2024, 1, 1)))
        .isEmpty();
    assertThat(
            fetch(
                connector(sandbox.baseUrl()), TestDatasets.noaaTemp(), LocalDate.now().plusDays(3)))
        .isEmpty();
  }

  @Test
  void ranges_over_a_year_are_split_into_windows() {
    assertThat(NoaaRequestBuilder.windows(LocalDate.of(2020, 1, 1), LocalDate.of(2022, 6, 30)))
        .containsExactly(
            new NoaaRequestBuilder.Window(LocalDate.of(2020, 1, 1), LocalDate.of(2020, 12, 31)),
            new NoaaRequestBuilder.Window(LocalDate.of(2021, 1, 1), LocalDate.of(2021, 12, 31)),
            new NoaaRequestBuilder.Window(LocalDate.of(2022, 1, 1), LocalDate.of(2022, 6, 30)));
  }

  @Test
  void a_429_is_throttled() {
    sandbox.faults("noaa").throttleNext(1, 2);
    UpstreamException e =
        catchThrowableOfType(
            () ->
                fetch(
                    connector(sandbox.baseUrl()),
                    TestDatasets.noaaTemp(),
                    LocalDate.of(2024, 1, 1)),
            UpstreamException.class);
    assertThat(e.throttled()).isTrue();
  }

  @Test
  void a_missing_token_is_permanent_and_names_the_variable() {
    UpstreamException e =
        catchThrowableOfType(
            () ->
                fetch(
                    connector(sandbox.baseUrl(), Map.of()),
                    TestDatasets.noaaTemp(),
                    LocalDate.of(2024, 1, 1)),
            UpstreamException.class);
    assertThat(e.retryable()).isFalse();
    assertThat(e.getMessage()).contains("NOAA_TOKEN");
  }

  @Test
  void a_rejected_token_is_permanent_names_the_variable_and_is_never_printed() {
    UpstreamException e =
        catchThrowableOfType(
            () ->
                fetch(
                    connector(sandbox.baseUrl(), Map.of("NOAA_TOKEN", "bad-token-1")),
                    TestDatasets.noaaTemp(),
                    LocalDate.of(2024, 1, 1)),
            UpstreamException.class);
    assertThat(e.retryable()).isFalse();
    assertThat(e.getMessage()).contains("NOAA_TOKEN").doesNotContain("bad-token-1");
  }
}
