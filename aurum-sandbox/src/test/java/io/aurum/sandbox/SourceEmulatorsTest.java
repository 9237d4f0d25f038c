package io.aurum.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The FRED, BLS, NOAA, NYISO, CAISO and PJM emulators answer in their real shapes. */
@Timeout(60)
class SourceEmulatorsTest {
  final Sandbox sandbox = Sandbox.start(SandboxConfig.defaults().withoutQuotas());
  final HttpClient http = HttpClient.newHttpClient();

  @AfterEach
  void stop() {
    sandbox.close();
  }

  HttpResponse<byte[]> get(String path, String... headers) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(sandbox.baseUrl() + path));
    if (headers.length > 0) {
      b.headers(headers);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  String text(HttpResponse<byte[]> r) {
    return new String(r.body(), StandardCharsets.UTF_8);
  }

  String bls(String body) throws Exception {
    HttpRequest r =
        HttpRequest.newBuilder(URI.create(sandbox.baseUrl() + "/publicAPI/v2/timeseries/data/"))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build();
    HttpResponse<String> res = http.send(r, HttpResponse.BodyHandlers.ofString());
    assertThat(res.statusCode()).isEqualTo(200);
    return res.body();
  }

  static String unzip(byte[] zip) throws Exception {
    try (ZipInputStream z = new ZipInputStream(new ByteArrayInputStream(zip))) {
      return z.getNextEntry().getName()
          + "\n"
          + new String(z.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  @Test
  void every_source_is_registered_on_its_real_path() {
    assertThat(sandbox.sources())
        .containsExactly("eia", "fred", "cpi", "noaa", "nyiso", "caiso", "pjm");
  }

  @Test
  void bls_reduces_more_than_20_years_and_signals_the_daily_quota_in_the_body() throws Exception {
    String reduced =
        bls(
            "{\"seriesid\":[\"CUUR0000SA0\"],\"startyear\":\"1990\",\"endyear\":\"2015\",\"registrationkey\":\"k\",\"annualaverage\":true}");
    assertThat(reduced)
        .contains("REQUEST_SUCCEEDED", "Year range has been reduced", "\"period\":\"M13\"")
        .contains("\"year\":\"2009\"")
        .doesNotContain("\"year\":\"2010\"");
    sandbox.dailyLimit("cpi", 1);
    bls(
        "{\"seriesid\":[\"CUUR0000SA0\"],\"startyear\":\"2020\",\"endyear\":\"2020\",\"registrationkey\":\"k\"}");
    assertThat(
            bls(
                "{\"seriesid\":[\"CUUR0000SA0\"],\"startyear\":\"2020\",\"endyear\":\"2020\",\"registrationkey\":\"k\"}"))
        .contains("REQUEST_NOT_PROCESSED", "daily threshold")
        .doesNotContain("Results");
  }

  @Test
  void noaa_without_units_sends_tenths_and_refuses_more_than_a_year() throws Exception {
    String q =
        "/cdo-web/api/v2/data?datasetid=GHCND&stationid=GHCND:USW00094728&datatypeid=TMAX&startdate=2024-01-01&enddate=2024-01-01";
    String metric = text(get(q + "&units=metric", "token", "t"));
    String raw = text(get(q, "token", "t"));
    double c = Double.parseDouble(metric.replaceAll(".*\"value\":([-0-9.]+).*", "$1"));
    double tenths = Double.parseDouble(raw.replaceAll(".*\"value\":([-0-9.]+).*", "$1"));
    assertThat(tenths).isEqualTo(Math.round(c * 10));
    assertThat(
            get(q.replace("enddate=2024-01-01", "enddate=2025-06-01"), "token", "t").statusCode())
        .isEqualTo(400);
    assertThat(get(q).statusCode()).isEqualTo(400);
  }

  @Test
  void caiso_puts_errors_as_xml_inside_a_200_zip() throws Exception {
    String base =
        "/oasisapi/SingleZip?resultformat=6&queryname=PRC_LMP&version=12&market_run_id=DAM";
    HttpResponse<byte[]> tooLong =
        get(
            base
                + "&startdatetime=20240101T08:00-0000&enddatetime=20240215T08:00-0000&node=TH_NP15_GEN-APND");
    assertThat(tooLong.statusCode()).isEqualTo(200);
    assertThat(unzip(tooLong.body())).contains(".xml", "<ERR_CODE>1004</ERR_CODE>");
    String eleven = "A,B,C,D,E,F,G,H,I,J,K";
    assertThat(
            unzip(
                get(base
                        + "&startdatetime=20240101T08:00-0000&enddatetime=20240102T08:00-0000&node="
                        + eleven)
                    .body()))
        .contains("<ERR_CODE>1017</ERR_CODE>");
    String csv =
        unzip(
            get(base
                    + "&startdatetime=20241103T07:00-0000&enddatetime=20241104T08:00-0000&node=TH_NP15_GEN-APND")
                .body());
    assertThat(csv)
        .contains(
            ".csv\nINTERVALSTARTTIME_GMT,", ",25,0,TH_NP15_GEN-APND", "2024-11-03T07:00:00-00:00");
  }

  @Test
  void nyiso_fall_back_day_has_25_hours_and_old_files_the_truncated_header() throws Exception {
    String fall = text(get("/public/csv/damlbmp/20241103damlbmp_zone.csv"));
    assertThat(fall.lines().count()).isEqualTo(1 + 25 * 15);
    assertThat(fall.lines().filter(l -> l.startsWith("\"11/03/2024 01:00\",\"CAPITL\"")).count())
        .isEqualTo(2);
    assertThat(
            text(get("/public/csv/rtlbmp/20150105rtlbmp_zone.csv"))
                .lines()
                .findFirst()
                .orElseThrow())
        .endsWith("\"Marginal Cost Congestion ($/MWH\"");
    assertThat(get("/public/csv/damlbmp/20991231damlbmp_zone.csv").statusCode()).isEqualTo(404);
    byte[] month = get("/public/csv/rtlbmp/20240201rtlbmp_zone_csv.zip").body();
    int members = 0;
    try (ZipInputStream z = new ZipInputStream(new ByteArrayInputStream(month))) {
      while (z.getNextEntry() != null) {
        members++;
      }
    }
    assertThat(members).isEqualTo(29);
  }

  @Test
  void pjm_needs_the_key_header_and_lists_older_versions_after_a_revision() throws Exception {
    String q =
        "/api/v1/rt_hrl_lmps?datetime_beginning_ept=06/12/2024%2000:00to06/12/2024%2000:59&pnode_id=51288";
    assertThat(get(q).statusCode()).isEqualTo(401);
    sandbox.revise("pjm", LocalDate.of(2024, 6, 12), LocalDate.of(2024, 6, 12));
    String all = text(get(q, "Ocp-Apim-Subscription-Key", "k"));
    assertThat(all)
        .contains(
            "\"version_nbr\":1",
            "\"version_nbr\":2",
            "\"row_is_current\":false",
            "\"totalRows\":2");
    String current = text(get(q + "&row_is_current=TRUE", "Ocp-Apim-Subscription-Key", "k"));
    assertThat(current)
        .contains("\"version_nbr\":2", "\"totalRows\":1")
        .doesNotContain("\"version_nbr\":1");
  }

  @Test
  void fred_revisions_change_the_current_vintage_and_faults_parse_from_text() throws Exception {
    String q =
        "/fred/series/observations?series_id=DFF&api_key=k&file_type=json&observation_start=2024-01-02&observation_end=2024-01-02";
    String before = text(get(q));
    sandbox.revise("fred", LocalDate.of(2024, 1, 2), LocalDate.of(2024, 1, 2));
    assertThat(text(get(q))).isNotEqualTo(before);
    sandbox.faults("fred", "throttle_next=1;retry_after=4");
    HttpResponse<byte[]> throttled = get(q);
    assertThat(throttled.statusCode()).isEqualTo(429);
    assertThat(throttled.headers().firstValue("Retry-After")).contains("4");
    assertThat(text(throttled)).contains("\"error_code\":429");
  }

  @Test
  void fred_business_day_series_skip_weekends_and_are_dot_on_bond_market_holidays()
      throws Exception {
    // Friday 2023-12-29 to Tuesday 2024-01-02: a weekend, then New Year's Day (a Monday).
    String range =
        "&api_key=k&file_type=json&observation_start=2023-12-29&observation_end=2024-01-02";
    String dgs10 = text(get("/fred/series/observations?series_id=DGS10" + range));
    assertThat(dgs10)
        .contains("\"count\":3", "\"date\":\"2023-12-29\"", "\"date\":\"2024-01-02\"")
        .contains("\"date\":\"2024-01-01\",\"value\":\".\"")
        .doesNotContain("2023-12-30", "2023-12-31");
    String dff = text(get("/fred/series/observations?series_id=DFF" + range));
    assertThat(dff)
        .contains("\"count\":5", "\"date\":\"2023-12-30\"")
        .doesNotContain("\"value\":\".\"");
    // The Friday before a Saturday Independence Day is a close too.
    String july =
        text(
            get(
                "/fred/series/observations?series_id=DGS2&api_key=k&file_type=json"
                    + "&observation_start=2020-07-03&observation_end=2020-07-03"));
    assertThat(july).contains("\"date\":\"2020-07-03\",\"value\":\".\"");
  }
}
