package io.aurum.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The value fault serves chosen points with a value text that is not data, over real HTTP. */
@Timeout(60)
class ValueFaultTest {
  static final ObjectMapper JSON = new ObjectMapper();
  static final HttpClient HTTP =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  static final String DAY =
      "/v2/electricity/rto/region-data/data/?api_key=k&frequency=hourly&data%5B0%5D=value"
          + "&facets%5Brespondent%5D%5B%5D=PJM&facets%5Brespondent%5D%5B%5D=MISO"
          + "&facets%5Btype%5D%5B%5D=D&start=2024-01-05T00&end=2024-01-05T23";

  Sandbox sandbox = Sandbox.start(SandboxConfig.defaults().withoutQuotas());

  @AfterEach
  void stop() {
    sandbox.close();
  }

  HttpResponse<String> send(String method, String pathAndQuery) throws Exception {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create(sandbox.baseUrl() + pathAndQuery))
            .method(method, HttpRequest.BodyPublishers.noBody())
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** "respondent@period=value" of every EIA row of the day. */
  List<String> rows() throws Exception {
    HttpResponse<String> r = send("GET", DAY);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    List<String> out = new ArrayList<>();
    for (JsonNode n : JSON.readTree(r.body()).path("response").path("data")) {
      out.add(
          n.path("respondent").asText()
              + "@"
              + n.path("period").asText()
              + "="
              + n.path("value").asText());
    }
    return out;
  }

  @Test
  void chosen_points_of_chosen_series_get_the_fault_text_and_no_other() throws Exception {
    List<String> clean = rows();
    assertThat(
            send(
                    "POST",
                    "/_admin/faults?source=eia&value=1e400&value_at=2024-01-05T07,2024-01-05T09&value_series=PJM")
                .statusCode())
        .isEqualTo(200);

    List<String> faulty = rows();

    assertThat(faulty).hasSameSizeAs(clean).hasSize(48);
    List<String> changed = new ArrayList<>(faulty);
    changed.removeAll(clean);
    assertThat(changed)
        .containsExactlyInAnyOrder("PJM@2024-01-05T07=1e400", "PJM@2024-01-05T09=1e400");
  }

  @Test
  void the_command_line_form_sets_every_point_and_an_empty_value_or_a_reset_ends_it()
      throws Exception {
    sandbox.faults("eia", "value=nan");
    assertThat(rows()).hasSize(48).allMatch(r -> r.endsWith("=nan"));

    sandbox.faults("eia", "value=");
    assertThat(rows()).noneMatch(r -> r.endsWith("=nan"));

    sandbox.faults("eia", "value=-inf;value_at=2024-01-05");
    assertThat(rows()).allMatch(r -> r.endsWith("=-inf"));
    sandbox.reset();
    assertThat(rows()).noneMatch(r -> r.endsWith("=-inf"));
  }

  @Test
  void a_source_that_does_not_emulate_it_refuses_it() throws Exception {
    assertThatThrownBy(() -> sandbox.faults("nyiso", "value=1e400"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("eia and fred only");
    assertThatThrownBy(() -> sandbox.faults("eia", "value_at=2024-01-05"))
        .hasMessageContaining("need value=TEXT");
    assertThat(send("POST", "/_admin/faults?source=caiso&value=nan").statusCode()).isEqualTo(400);
  }

  @Test
  void fred_values_are_replaced_by_date() throws Exception {
    sandbox.faults("fred", "value=Infinity;value_at=2024-01-05;value_series=DGS10");
    HttpResponse<String> r =
        send(
            "GET",
            "/fred/series/observations?series_id=DGS10&api_key=abcdefghijklmnopqrstuvwxyz012345"
                + "&file_type=json&observation_start=2024-01-04&observation_end=2024-01-08");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    List<String> values = new ArrayList<>();
    for (JsonNode n : JSON.readTree(r.body()).path("observations")) {
      values.add(n.path("date").asText() + "=" + n.path("value").asText());
    }
    assertThat(values).contains("2024-01-05=Infinity");
    assertThat(values.stream().filter(v -> v.endsWith("=Infinity"))).hasSize(1);
  }
}
