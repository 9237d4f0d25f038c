package io.aurum.store;

import static io.aurum.store.testing.TestData.partition;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.aurum.core.model.Counters;
import io.aurum.core.port.PublishRequest;
import io.aurum.core.publish.PublishDecision.Decision;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The hand-written audit and outbox detail is valid JSON with every field, escaped. */
class VersionDetailTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static PublishRequest request(double score, boolean quarantine, String reason) {
    return new PublishRequest(
        7,
        "w",
        "OP",
        partition(0),
        null,
        List.of(),
        24,
        "ab12",
        "1",
        score,
        true,
        null,
        quarantine,
        reason,
        Counters.ZERO);
  }

  @Test
  void a_published_version_has_its_fields_and_the_version_it_superseded() throws Exception {
    JsonNode d =
        JSON.readTree(
            PublishOutcomes.detail(
                request(0.9583333333333334, false, null), new Decision.Publish(40L), 41, 3));

    assertThat(d.get("partition").asText()).isEqualTo(partition(0).toString());
    assertThat(d.get("versionId").asLong()).isEqualTo(41);
    assertThat(d.get("versionNo").asInt()).isEqualTo(3);
    assertThat(d.get("checksum").asText()).isEqualTo("ab12");
    assertThat(d.get("records").asLong()).isEqualTo(24);
    assertThat(d.get("qualityScore").asDouble()).isEqualTo(0.9583333333333334);
    assertThat(d.get("superseded").asLong()).isEqualTo(40);
    assertThat(d.has("reason")).isFalse();
  }

  @Test
  void a_quarantine_reason_with_quotes_and_newlines_stays_one_json_string() throws Exception {
    String reason = "below \"0.95\":\n\tmissing\\rows";
    PublishRequest r = request(Double.NaN, true, reason);
    JsonNode d = JSON.readTree(PublishOutcomes.detail(r, PublishOutcomes.decide(r, 5L), 1, 1));

    assertThat(d.get("reason").asText()).isEqualTo(reason);
    assertThat(d.get("qualityScore").asText()).isEqualTo("NaN");
    assertThat(d.has("superseded")).isFalse();
  }
}
