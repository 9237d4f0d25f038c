package io.aurum.sandbox.eia;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.aurum.sandbox.Sandbox;
import io.aurum.sandbox.SandboxConfig;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class EiaEmulatorTest {
  static final ObjectMapper JSON = new ObjectMapper();
  static final HttpClient HTTP = HttpClient.newHttpClient();
  static final String REGION =
      "/v2/electricity/rto/region-data/data/?api_key=k&frequency=hourly&data[0]=value";
  static Sandbox sandbox;

  @BeforeAll
  static void start() {
    sandbox =
        Sandbox.start(SandboxConfig.defaults().withoutQuotas().withRejectedKeys(Set.of("revoked")));
  }

  @AfterAll
  static void stop() {
    sandbox.close();
  }

  @BeforeEach
  void reset() {
    sandbox.reset();
  }

  static HttpResponse<String> get(String pathAndQuery) throws Exception {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create(sandbox.baseUrl() + encodeBrackets(pathAndQuery)))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  static String encodeBrackets(String s) {
    return s.replace("[", "%5B").replace("]", "%5D");
  }

  static JsonNode json(HttpResponse<String> r) throws Exception {
    return JSON.readTree(r.body());
  }

  @Test
  void pages_of_at_most_5000_rows_carry_an_incomplete_return_warning() throws Exception {
    String q =
        REGION
            + "&start=2024-01-01T00&end=2024-01-05T23&sort[0][column]=period&sort[0][direction]=asc";
    JsonNode first = json(get(q + "&offset=0&length=5000"));
    JsonNode second = json(get(q + "&offset=5000&length=5000"));

    assertThat(first.at("/response/total").asText()).isEqualTo("5760"); // 12 BAs x 4 types x 120 h
    assertThat(first.at("/response/total").isTextual()).isTrue();
    assertThat(first.at("/response/data")).hasSize(5000);
    assertThat(first.at("/response/warnings/0/warning").asText()).isEqualTo("incomplete return");
    assertThat(second.at("/response/data")).hasSize(760);
    assertThat(first.at("/apiVersion").asText()).isEqualTo("2.1.8");
    List<String> periods = new ArrayList<>();
    first.at("/response/data").forEach(row -> periods.add(row.get("period").asText()));
    second.at("/response/data").forEach(row -> periods.add(row.get("period").asText()));
    assertThat(periods).isSorted().startsWith("2024-01-01T00").endsWith("2024-01-05T23");

    JsonNode all = json(get(q.replace("2024-01-05T23", "2024-01-01T00")));
    assertThat(all.at("/response").has("warnings")).isFalse();
  }

  @Test
  void rows_have_string_values_units_and_facet_names() throws Exception {
    JsonNode body =
        json(
            get(
                REGION
                    + "&facets[respondent][]=PJM&facets[type][]=D&start=2024-03-10T06&end=2024-03-10T07"));
    JsonNode row = body.at("/response/data/0");
    assertThat(row.get("period").asText()).isEqualTo("2024-03-10T06");
    assertThat(row.get("respondent-name").asText()).isEqualTo("PJM Interconnection, LLC");
    assertThat(row.get("type-name").asText()).isEqualTo("Demand");
    assertThat(row.get("value").isTextual()).isTrue();
    assertThat(Double.parseDouble(row.get("value").asText())).isBetween(10_000.0, 150_000.0);
    assertThat(row.get("value-units").asText()).isEqualTo("megawatthours");
    assertThat(body.at("/response/data")).hasSize(2);
  }

  @Test
  void percent_encoded_brackets_and_raw_brackets_mean_the_same() throws Exception {
    String raw =
        "/v2/electricity/rto/region-data/data/?api_key=k&frequency=hourly&data[0]=value"
            + "&facets[respondent][]=PJM&facets[respondent][]=MISO&start=2024-01-01T00&end=2024-01-01T00";
    HttpResponse<String> encoded = get(raw);
    HttpResponse<String> plain =
        HTTP.send(
            HttpRequest.newBuilder(
                    URI.create(sandbox.baseUrl() + raw.replace("[", "%5b").replace("]", "%5d")))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(json(encoded).at("/response/total").asText()).isEqualTo("8");
    assertThat(json(encoded).at("/response/data")).isEqualTo(json(plain).at("/response/data"));
    json(encoded)
        .at("/response/data")
        .forEach(r -> assertThat(r.get("respondent").asText()).isIn("PJM", "MISO"));
  }

  @Test
  void unknown_facet_value_gives_zero_rows() throws Exception {
    JsonNode body =
        json(get(REGION + "&facets[respondent][]=NOPE&start=2024-01-01T00&end=2024-01-02T00"));
    assertThat(body.at("/response/total").asText()).isEqualTo("0");
    assertThat(body.at("/response/data")).isEmpty();
  }

  @Test
  void missing_key_is_403_api_key_missing_and_rejected_key_is_api_key_invalid() throws Exception {
    HttpResponse<String> missing = get("/v2/electricity/rto/region-data/data/?frequency=hourly");
    assertThat(missing.statusCode()).isEqualTo(403);
    assertThat(json(missing).at("/error/code").asText()).isEqualTo("API_KEY_MISSING");
    HttpResponse<String> invalid = get("/v2/electricity/rto/region-data/data/?api_key=revoked");
    assertThat(invalid.statusCode()).isEqualTo(403);
    assertThat(json(invalid).at("/error/code").asText()).isEqualTo("API_KEY_INVALID");
  }

  @Test
  void invalid_frequency_is_400_listing_the_valid_ones() throws Exception {
    HttpResponse<String> r =
        get("/v2/electricity/rto/region-data/data/?api_key=k&frequency=weekly");
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(json(r).get("error").asText()).contains("'weekly'").contains("hourly");
    assertThat(json(r).get("code").asInt()).isEqualTo(400);
  }

  @Test
  void unknown_route_is_404() throws Exception {
    HttpResponse<String> r = get("/v2/electricity/nope/data/?api_key=k");
    assertThat(r.statusCode()).isEqualTo(404);
    assertThat(json(r).get("error").asText()).isEqualTo("Not found.");
  }

  @Test
  void monthly_retail_price_has_two_decimals_in_range() throws Exception {
    JsonNode body =
        json(
            get(
                "/v2/electricity/retail-sales/data/?api_key=k&frequency=monthly&data[0]=price"
                    + "&facets[stateid][]=US&facets[sectorid][]=ALL&start=2023-01&end=2023-12"));
    assertThat(body.at("/response/data")).hasSize(12);
    JsonNode row = body.at("/response/data/0");
    assertThat(row.get("period").asText()).isEqualTo("2023-01");
    assertThat(row.get("stateDescription").asText()).isEqualTo("U.S. Total");
    assertThat(row.get("price").asText()).matches("\\d+\\.\\d\\d");
    assertThat(Double.parseDouble(row.get("price").asText())).isBetween(5.0, 40.0);
  }

  @Test
  void seriesid_translates_v1_ids() throws Exception {
    JsonNode body =
        json(get("/v2/seriesid/EBA.PJM-ALL.D.H?api_key=k&start=2024-01-01T00&end=2024-01-01T02"));
    assertThat(body.at("/response/data")).hasSize(3);
    assertThat(body.at("/response/data/0/respondent").asText()).isEqualTo("PJM");
    assertThat(body.at("/response/data/0/type").asText()).isEqualTo("D");
    assertThat(get("/v2/seriesid/PET.RWTC.D?api_key=k").statusCode()).isEqualTo(404);
  }

  @Test
  void values_are_deterministic_across_servers() throws Exception {
    String q = REGION + "&facets[respondent][]=ERCO&start=2024-06-01T00&end=2024-06-01T05";
    JsonNode a = json(get(q)).at("/response/data");
    try (Sandbox other = Sandbox.start(SandboxConfig.defaults().withoutQuotas())) {
      HttpResponse<String> r =
          HTTP.send(
              HttpRequest.newBuilder(URI.create(other.baseUrl() + encodeBrackets(q))).build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(json(r).at("/response/data")).isEqualTo(a);
    }
  }

  @Test
  void revisions_change_exactly_the_revised_utc_dates() throws Exception {
    String q =
        REGION + "&facets[respondent][]=PJM&facets[type][]=D&start=2023-02-04T00&end=2023-02-07T23";
    Map<String, String> before = values(json(get(q)));
    HttpResponse<String> revise =
        HTTP.send(
            HttpRequest.newBuilder(
                    URI.create(
                        sandbox.baseUrl()
                            + "/_admin/revise?source=eia&start=2023-02-05&end=2023-02-06"))
                .POST(HttpRequest.BodyPublishers.noBody())
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(revise.statusCode()).isEqualTo(200);
    Map<String, String> after = values(json(get(q)));

    assertThat(after.keySet()).isEqualTo(before.keySet()).hasSize(96);
    before.forEach(
        (period, value) -> {
          boolean revised = period.startsWith("2023-02-05") || period.startsWith("2023-02-06");
          if (revised) {
            assertThat(after.get(period)).as(period).isNotEqualTo(value);
          } else {
            assertThat(after.get(period)).as(period).isEqualTo(value);
          }
        });
    sandbox.revise("eia", LocalDate.of(2023, 2, 5), LocalDate.of(2023, 2, 5));
    Map<String, String> third = values(json(get(q)));
    assertThat(third.get("2023-02-05T10")).isNotEqualTo(after.get("2023-02-05T10"));
    assertThat(third.get("2023-02-06T10")).isEqualTo(after.get("2023-02-06T10"));
  }

  static Map<String, String> values(JsonNode body) {
    Map<String, String> out = new HashMap<>();
    body.at("/response/data")
        .forEach(r -> out.put(r.get("period").asText(), r.get("value").asText()));
    return out;
  }
}
