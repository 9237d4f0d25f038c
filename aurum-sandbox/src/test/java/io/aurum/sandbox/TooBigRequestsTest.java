package io.aurum.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.aurum.sandbox.eia.EiaEmulator;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Each emulator answers a request over its API's limit as the real API does (docs/sources.md): FRED
 * and NOAA refuse it with a 400, EIA and BLS cut it and say so in a 200, CAISO puts error 1004 in a
 * 200 ZIP.
 */
@Timeout(60)
class TooBigRequestsTest {
  static final ObjectMapper JSON = new ObjectMapper();
  final Sandbox sandbox =
      Sandbox.start(
          SandboxConfig.defaults()
              .withoutQuotas()
              .withClock(Clock.fixed(Instant.parse("2026-06-15T16:00:00Z"), ZoneOffset.UTC)));
  final HttpClient http = HttpClient.newHttpClient();

  @AfterEach
  void stop() {
    sandbox.close();
  }

  HttpResponse<String> get(String pathAndQuery, String... headers) throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(
            URI.create(sandbox.baseUrl() + pathAndQuery.replace("[", "%5B").replace("]", "%5D")));
    if (headers.length > 0) {
      b.headers(headers);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  JsonNode bls(String body) throws Exception {
    HttpResponse<String> r =
        http.send(
            HttpRequest.newBuilder(URI.create(sandbox.baseUrl() + "/publicAPI/v2/timeseries/data/"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).isEqualTo(200);
    return JSON.readTree(r.body());
  }

  static int years(JsonNode bls) {
    return (int)
        java.util.stream.StreamSupport.stream(bls.at("/Results/series/0/data").spliterator(), false)
            .map(p -> p.get("year").asText())
            .distinct()
            .count();
  }

  @Test
  void fred_refuses_a_limit_over_100000_with_its_400() throws Exception {
    String q =
        "/fred/series/observations?series_id=DFF&api_key=k&file_type=json"
            + "&observation_start=2024-01-01&observation_end=2024-01-31&limit=";
    HttpResponse<String> over = get(q + "100001");
    assertThat(over.statusCode()).isEqualTo(400);
    assertThat(JSON.readTree(over.body()).get("error_code").asInt()).isEqualTo(400);
    assertThat(JSON.readTree(over.body()).get("error_message").asText())
        .isEqualTo("Bad Request.  Variable limit is not between 1 and 100000.");
    assertThat(get(q + "100000").statusCode()).isEqualTo(200);
  }

  @Test
  void eia_cuts_an_answer_at_5000_rows_with_the_warning_and_the_full_total() throws Exception {
    // 2024-01: 744 hours x 12 respondents x 4 types = 35,712 rows asked for with length 10,000.
    String q =
        "/v2/electricity/rto/region-data/data/?api_key=k&frequency=hourly&data[0]=value"
            + "&start=2024-01-01T00&end=2024-01-31T23&sort[0][column]=period"
            + "&sort[0][direction]=asc&offset=0&length=10000";
    JsonNode cut = JSON.readTree(get(q).body());
    assertThat(cut.at("/response/data")).hasSize(5000);
    assertThat(cut.at("/response/total").asText()).isEqualTo("35712");
    assertThat(cut.at("/response/warnings/0/warning").asText()).isEqualTo("incomplete return");
    assertThat(cut.at("/response/warnings/0/description").asText())
        .startsWith("The API can only return 5000 rows in JSON format.");

    // A lower cap (a server that cuts shorter still) is cut and flagged the same way.
    ((EiaEmulator) sandbox.emulator("eia")).rowCap(3000);
    JsonNode shorter = JSON.readTree(get(q.replace("length=10000", "length=5000")).body());
    assertThat(shorter.at("/response/data")).hasSize(3000);
    assertThat(shorter.at("/response/total").asText()).isEqualTo("35712");
    assertThat(shorter.at("/response/warnings/0/warning").asText()).isEqualTo("incomplete return");
  }

  @Test
  void bls_reduces_the_year_range_to_20_years_or_10_without_a_key() throws Exception {
    JsonNode keyed =
        bls(
            "{\"seriesid\":[\"CUUR0000SA0\"],\"startyear\":\"1995\",\"endyear\":\"2024\","
                + "\"registrationkey\":\"k\"}");
    assertThat(keyed.get("status").asText()).isEqualTo("REQUEST_SUCCEEDED");
    assertThat(keyed.get("message").get(0).asText())
        .isEqualTo("Year range has been reduced to the system-allowed limit of 20 years.");
    assertThat(years(keyed)).isEqualTo(20); // 1995-2014: the later years are missing
    assertThat(keyed.toString()).contains("\"year\":\"2014\"").doesNotContain("\"year\":\"2015\"");

    JsonNode keyless =
        bls("{\"seriesid\":[\"CUUR0000SA0\"],\"startyear\":\"1995\",\"endyear\":\"2024\"}");
    assertThat(keyless.get("status").asText()).isEqualTo("REQUEST_SUCCEEDED");
    assertThat(keyless.get("message").get(0).asText())
        .isEqualTo("Year range has been reduced to the system-allowed limit of 10 years.");
    assertThat(years(keyless)).isEqualTo(10);

    JsonNode within =
        bls(
            "{\"seriesid\":[\"CUUR0000SA0\"],\"startyear\":\"2005\",\"endyear\":\"2024\","
                + "\"registrationkey\":\"k\"}");
    assertThat(within.get("message")).isEmpty();
    assertThat(years(within)).isEqualTo(20);
  }

  @Test
  void bls_refuses_more_than_50_series_or_25_without_a_key() throws Exception {
    String fifty = "\"CUUR0000SA0\",".repeat(49) + "\"CUUR0000SA0\"";
    String body = "{\"seriesid\":[%s],\"startyear\":\"2024\",\"endyear\":\"2024\"%s}";
    JsonNode ok = bls(String.format(body, fifty, ",\"registrationkey\":\"k\""));
    assertThat(ok.get("status").asText()).isEqualTo("REQUEST_SUCCEEDED");
    JsonNode over =
        bls(String.format(body, fifty + ",\"CUSR0000SA0\"", ",\"registrationkey\":\"k\""));
    assertThat(over.get("status").asText()).isEqualTo("REQUEST_NOT_PROCESSED");
    assertThat(over.get("message").get(0).asText()).contains("between 1 and 50 series");
    assertThat(over.has("Results")).isFalse();
    String twentySix = "\"CUUR0000SA0\",".repeat(25) + "\"CUUR0000SA0\"";
    JsonNode keyless = bls(String.format(body, twentySix, ""));
    assertThat(keyless.get("status").asText()).isEqualTo("REQUEST_NOT_PROCESSED");
    assertThat(keyless.get("message").get(0).asText()).contains("between 1 and 25 series");
  }

  @Test
  void noaa_refuses_more_than_a_year_or_a_limit_over_1000_with_a_400() throws Exception {
    String q =
        "/cdo-web/api/v2/data?datasetid=GHCND&stationid=GHCND:USW00094728&datatypeid=TMAX"
            + "&units=metric&startdate=2024-01-01&enddate=";
    assertThat(get(q + "2024-12-31&limit=1000", "token", "t").statusCode()).isEqualTo(200);
    HttpResponse<String> longer = get(q + "2025-01-02&limit=1000", "token", "t");
    assertThat(longer.statusCode()).isEqualTo(400);
    assertThat(longer.body()).contains("\"status\":\"400\"", "less than 1 year");
    HttpResponse<String> bigPage = get(q + "2024-12-31&limit=1001", "token", "t");
    assertThat(bigPage.statusCode()).isEqualTo(400);
    assertThat(bigPage.body()).contains("limit must be between 1 and 1000");
  }

  @Test
  void caiso_answers_more_than_744_hours_with_error_1004_in_a_200_zip() throws Exception {
    String q =
        "/oasisapi/SingleZip?resultformat=6&queryname=PRC_LMP&version=12&market_run_id=DAM"
            + "&node=TH_NP15_GEN-APND&startdatetime=";
    // 31 Pacific days over the fall-back day (2024-10-06..11-05) are 745 hours: too long.
    HttpResponse<byte[]> over =
        http.send(
            HttpRequest.newBuilder(
                    URI.create(
                        sandbox.baseUrl()
                            + q
                            + "20241006T07:00-0000&enddatetime=20241106T08:00-0000"))
                .build(),
            HttpResponse.BodyHandlers.ofByteArray());
    assertThat(over.statusCode()).isEqualTo(200);
    assertThat(unzip(over.body()))
        .contains("<ERR_CODE>1004</ERR_CODE>", "Data can be requested for period of 31 days only");
    // 30 of them (721 hours) and 31 days elsewhere (744 hours) are served.
    for (String range :
        new String[] {
          "20241006T07:00-0000&enddatetime=20241105T08:00-0000",
          "20240101T08:00-0000&enddatetime=20240201T08:00-0000"
        }) {
      HttpResponse<byte[]> ok =
          http.send(
              HttpRequest.newBuilder(URI.create(sandbox.baseUrl() + q + range)).build(),
              HttpResponse.BodyHandlers.ofByteArray());
      assertThat(unzip(ok.body())).contains("INTERVALSTARTTIME_GMT").doesNotContain("ERR_CODE");
    }
  }

  static String unzip(byte[] zip) throws Exception {
    try (ZipInputStream z = new ZipInputStream(new ByteArrayInputStream(zip))) {
      z.getNextEntry();
      return new String(z.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
