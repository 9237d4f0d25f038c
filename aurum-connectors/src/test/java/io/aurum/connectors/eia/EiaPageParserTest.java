package io.aurum.connectors.eia;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aurum.core.error.UpstreamException;
import io.aurum.core.model.Dataset;
import io.aurum.core.model.Observation;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class EiaPageParserTest {
  /** An EIA v2 page in its documented shape (docs/sources.md), with a null value added. */
  static final String PAGE =
      "{\"response\":{\"warnings\":[{\"warning\":\"incomplete return\",\"description\":\"The API can only return 5000 rows\"}],"
          + "\"total\":\"28\",\"dateFormat\":\"YYYY-MM-DD\\\"T\\\"HH24\",\"frequency\":\"hourly\",\"data\":["
          + "{\"period\":\"2024-03-10T06\",\"respondent\":\"PJM\",\"respondent-name\":\"PJM Interconnection, LLC\","
          + "\"type\":\"D\",\"type-name\":\"Demand\",\"value\":\"81234\",\"value-units\":\"megawatthours\"},"
          + "{\"period\":\"2024-03-10T07\",\"respondent\":\"PJM\",\"respondent-name\":\"PJM Interconnection, LLC\","
          + "\"type\":\"D\",\"type-name\":\"Demand\",\"value\":null,\"value-units\":\"megawatthours\"},"
          + "{\"period\":\"2024-03-10T08\",\"respondent\":\"MISO\",\"type\":\"D\",\"value\":\"79810.5\"}],"
          + "\"description\":\"Hourly demand\"},"
          + "\"request\":{\"command\":\"/v2/electricity/rto/region-data/data/\",\"params\":{\"facets\":{\"respondent\":[\"PJM\"]}}},"
          + "\"apiVersion\":\"2.1.8\",\"ExcelAddInVersion\":\"2.1.0\"}";

  final Dataset demand = EiaFixtures.demand();
  final EiaPageParser parser = new EiaPageParser(demand);
  final List<Observation> out = new ArrayList<>();

  EiaPageParser.Page parse(String body) throws IOException {
    return parser.parse(
        new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8)), "URL", out::add);
  }

  @Test
  void parses_rows_skipping_null_values_and_reports_total_and_warnings() throws IOException {
    EiaPageParser.Page page = parse(PAGE);
    assertThat(page).isEqualTo(new EiaPageParser.Page(28, 3, true));
    assertThat(out)
        .containsExactly(
            new Observation("PJM-D", Instant.parse("2024-03-10T06:00:00Z"), 81234, "MWh"),
            new Observation("MISO-D", Instant.parse("2024-03-10T08:00:00Z"), 79810.5, "MWh"));
  }

  @Test
  void monthly_periods_start_at_the_first_instant_of_the_month_in_the_zone() throws IOException {
    String body =
        "{\"response\":{\"total\":1,\"data\":[{\"period\":\"2024-02\",\"stateid\":\"US\",\"sectorid\":\"ALL\","
            + "\"price\":\"12.34\",\"price-units\":\"cents per kilowatt-hour\"}]}}";
    List<Observation> rows = new ArrayList<>();
    EiaPageParser.Page page =
        new EiaPageParser(EiaFixtures.price())
            .parse(
                new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8)), "URL", rows::add);
    assertThat(page.incomplete()).isFalse();
    assertThat(rows)
        .containsExactly(
            new Observation("US-ALL", Instant.parse("2024-02-01T05:00:00Z"), 12.34, "cents/kWh"));
  }

  @Test
  void in_body_errors_are_classified() {
    assertThatThrownBy(() -> parse("{\"error\":\"Invalid frequency 'x' provided.\",\"code\":400}"))
        .isInstanceOfSatisfying(UpstreamException.class, e -> assertThat(e.retryable()).isFalse())
        .hasMessageContaining("Invalid frequency");
    assertThatThrownBy(
            () -> parse("{\"error\":{\"code\":\"API_KEY_MISSING\",\"message\":\"No api_key\"}}"))
        .isInstanceOfSatisfying(UpstreamException.class, e -> assertThat(e.retryable()).isFalse())
        .hasMessageContaining("EIA_API_KEY");
    assertThatThrownBy(() -> parse("{\"error\":\"busy\",\"code\":503}"))
        .isInstanceOfSatisfying(UpstreamException.class, e -> assertThat(e.retryable()).isTrue());
  }

  @Test
  void truncated_and_malformed_bodies_are_io_errors() {
    assertThatThrownBy(() -> parse(PAGE.substring(0, PAGE.length() / 2)))
        .isInstanceOf(IOException.class);
    assertThatThrownBy(() -> parse("<html>502</html>")).isInstanceOf(IOException.class);
    assertThatThrownBy(() -> parse("{\"response\":{\"data\":[]}}")).isInstanceOf(IOException.class);
  }

  @Test
  void values_of_every_shape_read_as_double_parse_double_reads_them() throws IOException {
    String[] values = {
      "\"81234\"", "\"-0.5\"", "\" 12.25 \"", "\"1e3\"", "\"+7\"", "812.5", "90", "\"\"", "\"  \""
    };
    StringBuilder body = new StringBuilder("{\"response\":{\"total\":9,\"data\":[");
    for (int h = 0; h < values.length; h++) {
      body.append(h == 0 ? "" : ",")
          .append("{\"value\":")
          .append(values[h])
          .append(",\"period\":\"2024-03-10T0")
          .append(h)
          .append("\",\"type\":\"D\",\"respondent\":\"PJM\"}");
    }
    EiaPageParser.Page page = parse(body.append("]}}").toString());
    assertThat(page.rows()).isEqualTo(9);
    // Blank values are absent; the rest in row order, as Double.parseDouble reads the text.
    assertThat(out)
        .extracting(Observation::value)
        .containsExactly(81234.0, -0.5, 12.25, 1000.0, 7.0, 812.5, 90.0);
    assertThat(out)
        .extracting(Observation::period)
        .containsExactly(
            Instant.parse("2024-03-10T00:00:00Z"),
            Instant.parse("2024-03-10T01:00:00Z"),
            Instant.parse("2024-03-10T02:00:00Z"),
            Instant.parse("2024-03-10T03:00:00Z"),
            Instant.parse("2024-03-10T04:00:00Z"),
            Instant.parse("2024-03-10T05:00:00Z"),
            Instant.parse("2024-03-10T06:00:00Z"));
  }

  @Test
  void series_ids_are_the_catalogs_own_strings_and_bad_values_still_fail() throws IOException {
    parse(PAGE);
    // The catalog's own instances: their hash is cached for the quality gate's sets and maps.
    assertThat(out.get(0).seriesId()).isSameAs(demand.series().get(0));
    assertThat(out.get(1).seriesId()).isSameAs(demand.series().get(1));
    assertThatThrownBy(
            () ->
                parse(
                    "{\"response\":{\"total\":1,\"data\":[{\"period\":\"2024-03-10T06\","
                        + "\"respondent\":\"PJM\",\"type\":\"D\",\"value\":\"12,5\"}]}}"))
        .isInstanceOfSatisfying(UpstreamException.class, e -> assertThat(e.retryable()).isFalse())
        .hasMessageContaining("'12,5'")
        .hasMessageContaining("not a number");
  }

  @Test
  void rows_whose_fields_change_order_or_nest_read_the_same() throws IOException {
    String body =
        "{\"response\":{\"total\":4,\"data\":["
            + "{\"period\":\"2024-03-10T06\",\"respondent\":\"PJM\",\"type\":\"D\",\"value\":\"1\"},"
            + "{\"value\":\"2\",\"type\":\"D\",\"respondent\":\"MISO\",\"period\":\"2024-03-10T07\"},"
            + "{\"period\":\"2024-03-10T08\",\"x\":{\"period\":\"1999-01-01T00\",\"value\":[9]},"
            + "\"respondent\":\"ERCO\",\"type\":\"D\",\"value\":\"3\",\"value\":\"4\"},"
            + "{\"period\":\"2024-03-10T09\",\"respondent\":\"PJM\",\"type\":\"D\",\"value\":5}]}}";
    assertThat(parse(body).rows()).isEqualTo(4);
    assertThat(out)
        .containsExactly(
            new Observation("PJM-D", Instant.parse("2024-03-10T06:00:00Z"), 1, "MWh"),
            new Observation("MISO-D", Instant.parse("2024-03-10T07:00:00Z"), 2, "MWh"),
            new Observation("ERCO-D", Instant.parse("2024-03-10T08:00:00Z"), 4, "MWh"),
            new Observation("PJM-D", Instant.parse("2024-03-10T09:00:00Z"), 5, "MWh"));
  }
}
