package io.aurum.connectors.cpi;

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
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * BLS CPI against the sandbox and recorded-shape payloads (docs/sources.md, "Recorded payload
 * shapes").
 */
@Timeout(60)
class CpiConnectorTest {
  static final String KEY = "bls0123456789key";
  final Sandbox sandbox =
      Sandbox.start(
          SandboxConfig.defaults().withoutQuotas().withRejectedKeys(Set.of("bad-bls-key")));
  final RecordedServer recorded = new RecordedServer();

  @AfterEach
  void stop() {
    sandbox.close();
    recorded.close();
  }

  CpiConnector connector(String baseUrl, String key) {
    return new CpiConnector(
        ConnectorSettings.fromEnvironment(
            Map.of("AURUM_CPI_BASE_URL", baseUrl, "BLS_API_KEY", key)));
  }

  static String answer(String results) {
    return "{\"status\":\"REQUEST_SUCCEEDED\",\"responseTime\":87,\"message\":[],\"Results\":"
        + results
        + "}";
  }

  static final String SERIES =
      "{\"series\":[{\"seriesID\":\"CUUR0000SA0\",\"data\":["
          + "{\"year\":\"2024\",\"period\":\"M13\",\"periodName\":\"Annual\",\"value\":\"313.689\",\"footnotes\":[{}]},"
          + "{\"year\":\"2024\",\"period\":\"M12\",\"periodName\":\"December\",\"latest\":\"true\",\"value\":\"315.605\",\"footnotes\":[{\"code\":\"P\",\"text\":\"Preliminary.\"}]},"
          + "{\"year\":\"2024\",\"period\":\"M11\",\"periodName\":\"November\",\"value\":\"315.493\",\"footnotes\":[{}]}]}]}";

  @Test
  void m13_is_kept_out_of_monthly_partitions_and_a_p_footnote_is_an_attribute() {
    recorded.answer(RecordedServer.Answer.json(200, answer(SERIES)));
    List<Observation> rows =
        fetch(
            connector(recorded.baseUrl(), KEY),
            TestDatasets.cpi(),
            day("2024-01-01", NY),
            day("2025-01-01", NY),
            Map.of());
    assertThat(rows).hasSize(2);
    assertThat(rows.get(0).period()).isEqualTo(day("2024-12-01", NY));
    assertThat(rows.get(0).value()).isEqualTo(315.605);
    assertThat(rows.get(0).attributes()).isEqualTo("{\"preliminary\":true}");
    assertThat(rows.get(1).attributes()).isNull();
    String body = recorded.seen().get(0).body();
    assertThat(body).contains("\"registrationkey\":\"" + KEY + "\"", "\"startyear\":\"2024\"");
  }

  @Test
  void results_as_an_array_parse_like_an_object() {
    recorded.answer(RecordedServer.Answer.json(200, answer("[" + SERIES + "]")));
    List<Observation> rows =
        fetch(connector(recorded.baseUrl(), KEY), TestDatasets.cpi(), LocalDate.of(2024, 12, 1));
    assertThat(rows).extracting(Observation::value).containsExactly(315.605);
  }

  @Test
  void a_reduced_year_range_is_split_and_asked_again_so_no_year_is_lost() {
    String reduced =
        "{\"status\":\"REQUEST_SUCCEEDED\",\"message\":[\"Year range has been reduced to the"
            + " system-allowed limit of 20 years.\"],\"Results\":{\"series\":[]}}";
    recorded.answer(
        RecordedServer.Answer.json(200, reduced),
        RecordedServer.Answer.json(200, answer("{\"series\":[]}")));
    fetch(
        connector(recorded.baseUrl(), KEY),
        TestDatasets.cpi(),
        day("2000-01-01", NY),
        day("2025-01-01", NY),
        Map.of());
    List<String> bodies = recorded.seen().stream().map(RecordedServer.Seen::body).toList();
    // 2000-2024 is split into 2000-2019 and 2020-2024; the reduced 2000-2019 into 2000-2009,
    // 2010-2019.
    assertThat(bodies).hasSize(4);
    assertThat(bodies.get(0)).contains("\"startyear\":\"2000\"", "\"endyear\":\"2019\"");
    assertThat(bodies.get(1)).contains("\"startyear\":\"2000\"", "\"endyear\":\"2009\"");
    assertThat(bodies.get(2)).contains("\"startyear\":\"2010\"", "\"endyear\":\"2019\"");
    assertThat(bodies.get(3)).contains("\"startyear\":\"2020\"", "\"endyear\":\"2024\"");
  }

  @Test
  void request_not_processed_with_http_200_is_a_throttle_not_data() {
    sandbox.dailyLimit("cpi", 1);
    CpiConnector c = connector(sandbox.baseUrl(), KEY);
    assertThat(fetch(c, TestDatasets.cpi(), LocalDate.of(2024, 1, 1))).hasSize(2);
    UpstreamException e =
        catchThrowableOfType(
            () -> fetch(c, TestDatasets.cpi(), LocalDate.of(2024, 2, 1)), UpstreamException.class);
    assertThat(e.throttled()).isTrue();
    assertThat(e.httpStatus()).contains(200);
    assertThat(e.getMessage()).contains("REQUEST_NOT_PROCESSED", "daily threshold");
    assertThat(e.retryAfter()).isPresent();
  }

  @Test
  void a_backfill_month_from_the_sandbox_has_every_series_and_the_newest_months_are_preliminary() {
    LocalDate lastMonth = LocalDate.now().withDayOfMonth(1).minusMonths(1);
    List<Observation> rows =
        fetch(connector(sandbox.baseUrl(), KEY), TestDatasets.cpi(), lastMonth);
    assertThat(rows).hasSize(2).allMatch(o -> "{\"preliminary\":true}".equals(o.attributes()));
    assertThat(
            fetch(connector(sandbox.baseUrl(), KEY), TestDatasets.cpi(), LocalDate.of(2020, 5, 1)))
        .hasSize(2)
        .allMatch(o -> o.attributes() == null);
  }

  @Test
  void a_rejected_key_is_permanent_names_the_variable_and_is_never_printed() {
    UpstreamException e =
        catchThrowableOfType(
            () ->
                fetch(
                    connector(sandbox.baseUrl(), "bad-bls-key"),
                    TestDatasets.cpi(),
                    LocalDate.of(2024, 1, 1)),
            UpstreamException.class);
    assertThat(e.retryable()).isFalse();
    assertThat(e.getMessage()).contains("BLS_API_KEY").doesNotContain("bad-bls-key");
  }

  @Test
  void queries_are_split_to_50_series_and_20_years() {
    List<String> series = Collections.nCopies(120, "CUUR0000SA0");
    var queries = CpiRequestBuilder.split(series, 1980, 2024, CpiRequestBuilder.MAX_YEARS);
    assertThat(queries).hasSize(9);
    assertThat(queries).allMatch(q -> q.series().size() <= 50 && q.years() <= 20);
  }
}
