package io.aurum.connectors.iso;

import static io.aurum.connectors.TestDatasets.LA;
import static io.aurum.connectors.TestDatasets.NY;
import static io.aurum.connectors.TestDatasets.day;
import static io.aurum.connectors.TestDatasets.fetch;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.aurum.connectors.ConnectorSettings;
import io.aurum.connectors.RecordedServer;
import io.aurum.connectors.TestDatasets;
import io.aurum.connectors.http.UpstreamHttp;
import io.aurum.connectors.iso.caiso.CaisoClient;
import io.aurum.core.error.UpstreamException;
import io.aurum.core.model.Observation;
import io.aurum.sandbox.Sandbox;
import io.aurum.sandbox.SandboxConfig;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * NYISO, CAISO and PJM against the sandbox and recorded payloads (docs/sources.md, "Recorded
 * payload shapes").
 */
@Timeout(60)
class IsoConnectorTest {
  static final String PJM_KEY = "pjmKey0123456789";
  final Sandbox sandbox =
      Sandbox.start(SandboxConfig.defaults().withoutQuotas().withRejectedKeys(Set.of("bad-pjm")));
  final RecordedServer recorded = new RecordedServer();

  @AfterEach
  void stop() {
    sandbox.close();
    recorded.close();
  }

  IsoConnector connector(String baseUrl, int pjmRows, String pjmKey) {
    return connector(baseUrl, pjmRows, pjmKey, Clock.systemUTC());
  }

  /** With {@code clock} deciding which months are finished (NYISO reads their archive). */
  IsoConnector connector(String baseUrl, int pjmRows, String pjmKey, Clock clock) {
    Map<String, String> env = new HashMap<>();
    for (String u : new String[] {"NYISO", "CAISO", "PJM"}) {
      env.put("AURUM_" + u + "_BASE_URL", baseUrl);
    }
    if (pjmKey != null) {
      env.put("PJM_API_KEY", pjmKey);
    }
    ConnectorSettings s = ConnectorSettings.fromEnvironment(env);
    return new IsoConnector(
        s,
        new UpstreamHttp(Duration.ofSeconds(30), Duration.ofSeconds(30), clock, s.secrets()),
        pjmRows,
        clock);
  }

  /** Noon Eastern on {@code date}: its month is the current one, so NYISO reads daily CSVs. */
  static Clock noonOf(String date) {
    return Clock.fixed(
        LocalDate.parse(date).atTime(12, 0).atZone(NY).toInstant(), java.time.ZoneOffset.UTC);
  }

  IsoConnector sandboxed() {
    return connector(sandbox.baseUrl(), 50_000, PJM_KEY);
  }

  static long distinctHours(List<Observation> rows) {
    return rows.stream().map(Observation::period).distinct().count();
  }

  @ParameterizedTest
  @CsvSource({
    "true, 2024-06-12, 24",
    "true, 2024-03-10, 23",
    "true, 2024-11-03, 25",
    "false, 2024-06-12, 24",
    "false, 2024-03-10, 23",
    "false, 2024-11-03, 25",
    "true, 2015-06-01, 24"
  })
  void nyiso_days_become_utc_hours_of_the_eleven_zones(boolean dam, String date, int hours) {
    List<Observation> rows = fetch(sandboxed(), TestDatasets.nyiso(dam), LocalDate.parse(date));
    assertThat(rows).hasSize(11 * hours);
    assertThat(distinctHours(rows)).isEqualTo(hours);
    assertThat(rows).extracting(Observation::seriesId).doesNotContain("H Q", "PJM", "NPX", "O H");
    assertThat(rows.stream().map(Observation::period).min(Instant::compareTo))
        .contains(day(date, NY));
  }

  @Test
  void nyiso_fall_back_repeated_hour_is_two_instants_by_row_order() {
    List<Observation> capitl =
        fetch(sandboxed(), TestDatasets.nyiso(true), LocalDate.of(2024, 11, 3)).stream()
            .filter(o -> o.seriesId().equals("CAPITL"))
            .toList();
    assertThat(capitl.get(1).period()).isEqualTo(Instant.parse("2024-11-03T05:00:00Z"));
    assertThat(capitl.get(2).period()).isEqualTo(Instant.parse("2024-11-03T06:00:00Z"));
  }

  @Test
  void nyiso_pre_2016_truncated_header_is_accepted_from_a_recorded_file() {
    String csv =
        "\"Time Stamp\",\"Name\",\"PTID\",\"LBMP ($/MWHr)\",\"Marginal Cost Losses ($/MWHr)\",\"Marginal Cost Congestion ($/MWH\"\n"
            + "\"01/05/2015 00:00\",\"CAPITL\",61757,44.31,1.12,-0.85\n"
            + "\"01/05/2015 00:00\",\"H Q\",61844,40.02,-1.30,0.00\n";
    recorded.answer(
        new RecordedServer.Answer(200, "text/csv", Map.of(), csv.getBytes(StandardCharsets.UTF_8)));
    List<Observation> rows =
        fetch(
            connector(recorded.baseUrl(), 50_000, null, noonOf("2015-01-05")),
            TestDatasets.nyiso(true),
            LocalDate.of(2015, 1, 5));
    assertThat(rows).hasSize(1);
    assertThat(rows.get(0).period()).isEqualTo(Instant.parse("2015-01-05T05:00:00Z"));
    assertThat(rows.get(0).value()).isEqualTo(44.31);
    assertThat(recorded.seen().get(0).uri().getPath())
        .isEqualTo("/public/csv/damlbmp/20150105damlbmp_zone.csv");
  }

  @Test
  void nyiso_missing_file_404_is_permanent() {
    UpstreamException e =
        catchThrowableOfType(
            () -> fetch(sandboxed(), TestDatasets.nyiso(true), LocalDate.now().plusDays(5)),
            UpstreamException.class);
    assertThat(e.retryable()).isFalse();
    assertThat(e.httpStatus()).contains(404);
  }

  static byte[] januaryArchive() throws Exception {
    String header =
        "\"Time Stamp\",\"Name\",\"PTID\",\"LBMP ($/MWHr)\",\"Marginal Cost Losses ($/MWHr)\",\"Marginal Cost Congestion ($/MWHr)\"\n";
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (ZipOutputStream z = new ZipOutputStream(out)) {
      z.putNextEntry(new ZipEntry("20240101damlbmp_zone.csv"));
      z.write(
          (header + "\"01/01/2024 00:00\",\"WEST\",61752,11.00,0,0\n")
              .getBytes(StandardCharsets.UTF_8));
      z.putNextEntry(new ZipEntry("20240102damlbmp_zone.csv"));
      z.write(
          (header + "\"01/02/2024 00:00\",\"WEST\",61752,22.00,0,0\n")
              .getBytes(StandardCharsets.UTF_8));
      z.putNextEntry(new ZipEntry("20240103damlbmp_zone.csv"));
      z.write(
          (header + "\"01/03/2024 00:00\",\"WEST\",61752,33.00,0,0\n")
              .getBytes(StandardCharsets.UTF_8));
    }
    return out.toByteArray();
  }

  @Test
  void nyiso_a_missing_daily_csv_of_the_current_month_is_read_from_the_monthly_zip()
      throws Exception {
    recorded.answer(
        new RecordedServer.Answer(404, "text/html", Map.of(), "<html>Not Found</html>".getBytes()),
        new RecordedServer.Answer(200, "application/zip", Map.of(), januaryArchive()));
    List<Observation> rows =
        fetch(
            connector(recorded.baseUrl(), 100, null, noonOf("2024-01-05")),
            TestDatasets.nyiso(true),
            LocalDate.of(2024, 1, 2));
    assertThat(rows).extracting(Observation::value).containsExactly(22.0);
    assertThat(recorded.seen()).hasSize(2);
    assertThat(recorded.seen().get(0).uri().getPath())
        .isEqualTo("/public/csv/damlbmp/20240102damlbmp_zone.csv");
    assertThat(recorded.seen().get(1).uri().getPath())
        .isEqualTo("/public/csv/damlbmp/20240101damlbmp_zone_csv.zip");
  }

  @Test
  void nyiso_days_of_a_finished_month_are_one_request_for_its_archive_and_nothing_else()
      throws Exception {
    recorded.answer(new RecordedServer.Answer(200, "application/zip", Map.of(), januaryArchive()));
    IsoConnector c = connector(recorded.baseUrl(), 100, null, noonOf("2024-02-05"));
    // Two days of January, fetched as one window: the archive, read member by member.
    List<Observation> rows =
        fetch(c, TestDatasets.nyiso(true), day("2024-01-02", NY), day("2024-01-04", NY), Map.of());
    assertThat(rows).extracting(Observation::value).containsExactly(22.0, 33.0);
    assertThat(recorded.seen())
        .extracting(seen -> seen.uri().getPath())
        .containsExactly("/public/csv/damlbmp/20240101damlbmp_zone_csv.zip");
    // One day alone is the archive too: one request, never the daily CSV first.
    assertThat(fetch(c, TestDatasets.nyiso(true), LocalDate.of(2024, 1, 1)))
        .extracting(Observation::value)
        .containsExactly(11.0);
    assertThat(recorded.seen()).hasSize(2);
    assertThat(recorded.seen().get(1).uri().getPath()).endsWith("_csv.zip");
  }

  @Test
  void nyiso_a_finished_month_without_its_archive_falls_back_to_daily_csvs() {
    recorded.answer(
        new RecordedServer.Answer(404, "text/html", Map.of(), "<html>Not Found</html>".getBytes()),
        new RecordedServer.Answer(
            200,
            "text/csv",
            Map.of(),
            ("\"Time Stamp\",\"Name\",\"PTID\",\"LBMP ($/MWHr)\",\"Marginal Cost Losses ($/MWHr)\","
                    + "\"Marginal Cost Congestion ($/MWHr)\"\n"
                    + "\"01/02/2024 00:00\",\"WEST\",61752,22.00,0,0\n")
                .getBytes(StandardCharsets.UTF_8)));
    List<Observation> rows =
        fetch(
            connector(recorded.baseUrl(), 100, null, noonOf("2024-02-05")),
            TestDatasets.nyiso(true),
            LocalDate.of(2024, 1, 2));
    assertThat(rows).extracting(Observation::value).containsExactly(22.0);
    assertThat(recorded.seen())
        .extracting(seen -> seen.uri().getPath())
        .containsExactly(
            "/public/csv/damlbmp/20240101damlbmp_zone_csv.zip",
            "/public/csv/damlbmp/20240102damlbmp_zone.csv");
  }

  @ParameterizedTest
  @CsvSource({"2024-06-12, 24", "2024-11-03, 25", "2024-03-10, 23"})
  void caiso_zip_csv_keeps_lmp_rows_at_gmt_hours(String date, int hours) {
    List<Observation> rows = fetch(sandboxed(), TestDatasets.caiso(), LocalDate.parse(date));
    assertThat(rows).hasSize(5 * hours);
    assertThat(distinctHours(rows)).isEqualTo(hours);
    assertThat(rows.stream().map(Observation::period).min(Instant::compareTo))
        .contains(day(date, LA));
  }

  @Test
  void caiso_err_code_1000_inside_a_200_zip_is_no_data() {
    assertThat(fetch(sandboxed(), TestDatasets.caiso(), LocalDate.now().plusDays(10))).isEmpty();
    assertThat(sandbox.stats("caiso").requests()).isEqualTo(1);
  }

  static byte[] zip(String name, String content) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (ZipOutputStream z = new ZipOutputStream(out)) {
      z.putNextEntry(new ZipEntry(name));
      z.write(content.getBytes(StandardCharsets.UTF_8));
    }
    return out.toByteArray();
  }

  @Test
  void caiso_error_1004_is_permanent_and_requests_stay_within_31_days() throws Exception {
    String xml =
        "<?xml version=\"1.0\"?><OASISReport xmlns=\"http://www.caiso.com/soa/OASISReport_v1.xsd\">"
            + "<MessagePayload><RTO><ERROR><ERR_CODE>1004</ERR_CODE><ERR_DESC>Data can be requested"
            + " for period of 31 days only</ERR_DESC></ERROR></RTO></MessagePayload></OASISReport>";
    recorded.answer(
        new RecordedServer.Answer(
            200, "application/x-zip-compressed", Map.of(), zip("INVALID_REQUEST.xml", xml)));
    UpstreamException e =
        catchThrowableOfType(
            () ->
                fetch(
                    connector(recorded.baseUrl(), 50_000, null),
                    TestDatasets.caiso(),
                    LocalDate.of(2024, 1, 1)),
            UpstreamException.class);
    assertThat(e.retryable()).isFalse();
    assertThat(e.getMessage()).contains("1004");
    assertThat(
            CaisoClient.requests(
                "http://x", TestDatasets.caiso(), day("2024-01-01", LA), day("2024-04-01", LA)))
        .hasSize(3);
  }

  @Test
  void caiso_429_is_throttled() {
    sandbox.faults("caiso").throttleNext(1, 5);
    UpstreamException e =
        catchThrowableOfType(
            () -> fetch(sandboxed(), TestDatasets.caiso(), LocalDate.of(2024, 6, 1)),
            UpstreamException.class);
    assertThat(e.throttled()).isTrue();
    assertThat(e.retryAfter()).contains(Duration.ofSeconds(5));
  }

  @Test
  void pjm_follows_links_next_across_two_pages_with_the_subscription_key_header() {
    List<Observation> rows =
        fetch(
            connector(sandbox.baseUrl(), 50, PJM_KEY),
            TestDatasets.pjm(),
            LocalDate.of(2024, 6, 12));
    assertThat(rows).hasSize(4 * 24);
    assertThat(sandbox.stats("pjm").requests()).isEqualTo(2);
    List<Observation> fallBack = fetch(sandboxed(), TestDatasets.pjm(), LocalDate.of(2024, 11, 3));
    assertThat(distinctHours(fallBack)).isEqualTo(25);
  }

  static String item(String utc, int version, double lmp) {
    return "{\"datetime_beginning_utc\":\""
        + utc
        + "\",\"datetime_beginning_ept\":\"x\",\"pnode_id\":51288,"
        + "\"pnode_name\":\"WESTERN HUB\",\"type\":\"HUB\",\"total_lmp_rt\":"
        + lmp
        + ",\"row_is_current\":"
        + (version == 2)
        + ",\"version_nbr\":"
        + version
        + "}";
  }

  @Test
  void pjm_recorded_two_pages_where_version_2_replaces_version_1() {
    String base = recorded.baseUrl();
    String page1 =
        "{\"links\":[{\"rel\":\"self\",\"href\":\""
            + base
            + "/api/v1/rt_hrl_lmps?startRow=1\"},"
            + "{\"rel\":\"next\",\"href\":\""
            + base
            + "/api/v1/rt_hrl_lmps?startRow=3&rowCount=2\"}],"
            + "\"items\":["
            + item("2024-06-12T04:00:00", 1, 10.0)
            + ","
            + item("2024-06-12T05:00:00", 1, 11.0)
            + "],"
            + "\"totalRows\":3}";
    String page2 =
        "{\"links\":[{\"rel\":\"self\",\"href\":\""
            + base
            + "/api/v1/rt_hrl_lmps?startRow=3\"}],"
            + "\"items\":["
            + item("2024-06-12T04:00:00", 2, 12.5)
            + "],\"totalRows\":3}";
    recorded.answer(RecordedServer.Answer.json(200, page1), RecordedServer.Answer.json(200, page2));
    List<Observation> rows =
        fetch(connector(base, 2, PJM_KEY), TestDatasets.pjm(), LocalDate.of(2024, 6, 12));
    Map<Instant, Double> byHour =
        rows.stream().collect(Collectors.toMap(Observation::period, Observation::value));
    assertThat(byHour)
        .containsEntry(Instant.parse("2024-06-12T04:00:00Z"), 12.5)
        .containsEntry(Instant.parse("2024-06-12T05:00:00Z"), 11.0)
        .hasSize(2);
    assertThat(recorded.seen()).hasSize(2);
    assertThat(recorded.seen().get(1).uri().getQuery()).contains("startRow=3");
    assertThat(recorded.seen().get(0).header("Ocp-Apim-Subscription-Key")).isEqualTo(PJM_KEY);
  }

  @Test
  void pjm_429_is_throttled_and_a_rejected_key_names_the_variable() {
    sandbox.faults("pjm").throttleNext(1, 3);
    UpstreamException e =
        catchThrowableOfType(
            () -> fetch(sandboxed(), TestDatasets.pjm(), LocalDate.of(2024, 6, 1)),
            UpstreamException.class);
    assertThat(e.throttled()).isTrue();
    UpstreamException rejected =
        catchThrowableOfType(
            () ->
                fetch(
                    connector(sandbox.baseUrl(), 100, "bad-pjm"),
                    TestDatasets.pjm(),
                    LocalDate.of(2024, 6, 1)),
            UpstreamException.class);
    assertThat(rejected.retryable()).isFalse();
    assertThat(rejected.getMessage()).contains("PJM_API_KEY").doesNotContain("bad-pjm");
    UpstreamException missing =
        catchThrowableOfType(
            () ->
                fetch(
                    connector(sandbox.baseUrl(), 100, null),
                    TestDatasets.pjm(),
                    LocalDate.of(2024, 6, 1)),
            UpstreamException.class);
    assertThat(missing.getMessage()).contains("PJM_API_KEY");
  }

  @Test
  void nyiso_and_caiso_need_no_key() {
    assertThat(
            fetch(
                connector(sandbox.baseUrl(), 100, null),
                TestDatasets.nyiso(true),
                LocalDate.of(2024, 6, 1)))
        .hasSize(11 * 24);
  }
}
