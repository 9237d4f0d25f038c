package io.aurum.connectors.eia;

import static io.aurum.connectors.eia.EiaFixtures.demand;
import static io.aurum.connectors.eia.EiaFixtures.generation;
import static io.aurum.connectors.eia.EiaFixtures.price;
import static org.assertj.core.api.Assertions.assertThat;

import io.aurum.core.model.Dataset;
import io.aurum.core.model.PartitionKey;
import io.aurum.core.model.SourceId;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

class EiaRequestBuilderTest {
  final EiaRequestBuilder builder = new EiaRequestBuilder("http://127.0.0.1:9000/", "KEY");

  EiaRequestBuilder.EiaQuery day(Dataset d, String date) {
    PartitionKey k = new PartitionKey(SourceId.EIA, d.name(), LocalDate.parse(date));
    return EiaRequestBuilder.query(d, k.start(d), k.end(d), List.of());
  }

  @Test
  void series_ids_split_at_the_last_dash() {
    assertThat(EiaRequestBuilder.split("PJM-D", null))
        .isEqualTo(new EiaRequestBuilder.SeriesKey("PJM", "D"));
    assertThat(EiaRequestBuilder.split("AB-CD-NG", null))
        .isEqualTo(new EiaRequestBuilder.SeriesKey("AB-CD", "NG"));
    assertThat(EiaRequestBuilder.split("PJM", "D"))
        .isEqualTo(new EiaRequestBuilder.SeriesKey("PJM", "D"));
  }

  @Test
  void a_new_york_day_is_24_23_or_25_utc_hours() {
    EiaRequestBuilder.EiaQuery normal = day(demand(), "2024-01-05");
    assertThat(normal.start()).isEqualTo("2024-01-05T05");
    assertThat(normal.end()).isEqualTo("2024-01-06T04");
    assertThat(normal.periods()).isEqualTo(24);

    EiaRequestBuilder.EiaQuery spring = day(demand(), "2024-03-10");
    assertThat(spring.start()).isEqualTo("2024-03-10T05");
    assertThat(spring.end()).isEqualTo("2024-03-11T03");
    assertThat(spring.periods()).isEqualTo(23);

    EiaRequestBuilder.EiaQuery fall = day(demand(), "2024-11-03");
    assertThat(fall.start()).isEqualTo("2024-11-03T04");
    assertThat(fall.end()).isEqualTo("2024-11-04T04");
    assertThat(fall.periods()).isEqualTo(25);
  }

  @Test
  void the_url_carries_facets_sort_paging_and_encoded_brackets() {
    String url = builder.page(day(demand(), "2024-01-05"), 5000).toString();
    assertThat(url)
        .startsWith("http://127.0.0.1:9000/v2/electricity/rto/region-data/data/?api_key=KEY&");
    assertThat(url).doesNotContain("[").contains("facets%5Brespondent%5D%5B%5D=PJM");
    String decoded = URLDecoder.decode(url, StandardCharsets.UTF_8);
    assertThat(decoded)
        .contains(
            "frequency=hourly",
            "data[0]=value",
            "facets[respondent][]=PJM",
            "facets[respondent][]=NYIS",
            "facets[type][]=D",
            "start=2024-01-05T05",
            "end=2024-01-06T04",
            "sort[0][column]=period",
            "sort[0][direction]=asc",
            "offset=5000",
            "length=5000");
  }

  @Test
  void fuel_types_and_retail_sectors_use_their_own_facets() {
    String gen =
        URLDecoder.decode(
            builder.page(day(generation(), "2024-01-05"), 0).toString(), StandardCharsets.UTF_8);
    assertThat(gen)
        .contains("facets[respondent][]=PJM", "facets[fueltype][]=NG", "facets[fueltype][]=WND");
    assertThat(gen.split("facets\\[respondent\\]").length - 1).isEqualTo(1);

    EiaRequestBuilder.EiaQuery month = day(price(), "2024-02-01");
    String retail = URLDecoder.decode(builder.page(month, 0).toString(), StandardCharsets.UTF_8);
    assertThat(retail)
        .contains(
            "/v2/electricity/retail-sales/data/",
            "frequency=monthly",
            "data[0]=price",
            "facets[stateid][]=US",
            "facets[sectorid][]=ALL",
            "start=2024-02",
            "end=2024-02");
  }

  @Test
  void requests_per_partition_counts_pages_of_5000_rows() {
    EiaConnector connector =
        new EiaConnector(io.aurum.connectors.ConnectorSettings.fromEnvironment(java.util.Map.of()));
    Dataset d = demand();
    assertThat(
            connector.requestsPerPartition(
                d, new PartitionKey(SourceId.EIA, d.name(), LocalDate.of(2024, 1, 5))))
        .isEqualTo(1);
    assertThat(
            EiaRequestBuilder.query(
                    d,
                    java.time.Instant.parse("2024-01-01T00:00:00Z"),
                    java.time.Instant.parse("2024-03-01T00:00:00Z"),
                    List.of())
                .pages())
        .isEqualTo(2); // 5 x 1440 = 7200 rows
  }
}
