package io.aurum.core.relay;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The outbox rows as their writers write them, read into the messages of docs/kafka.md. */
class ChangeMessagesTest {
  static final ObjectMapper JSON = new ObjectMapper();
  static final Instant AT = Instant.parse("2024-01-02T03:04:05Z");

  static List<ChangeMessage> of(String source, String payload) {
    return ChangeMessages.of(new Outbox.Row(7, AT, source, payload));
  }

  @Test
  void a_publish_is_keyed_by_its_partition_and_carries_its_version() throws Exception {
    ChangeMessage m =
        of(
                null,
                "{\"partition\":\"eia/ELEC.DEMAND/2024-12-20\",\"versionId\":42,\"versionNo\":3,"
                    + "\"checksum\":\"ab\",\"records\":24,\"qualityScore\":1.0,\"superseded\":41}")
            .get(0);
    assertThat(m.source()).isEqualTo("eia");
    assertThat(m.key()).isEqualTo("eia/ELEC.DEMAND/2024-12-20");
    assertThat(m.kind()).isEqualTo(ChangeMessage.PUBLISH);
    assertThat(m.versionId()).isEqualTo(42L);
    JsonNode v = JSON.readTree(m.value());
    assertThat(v.path("dataset").asText()).isEqualTo("ELEC.DEMAND");
    assertThat(v.path("period").asText()).isEqualTo("2024-12-20");
    assertThat(v.path("at").asText()).isEqualTo("2024-01-02T03:04:05Z");
    assertThat(v.path("change").path("superseded").asLong()).isEqualTo(41);
  }

  @Test
  void a_held_version_is_a_quarantine() {
    ChangeMessage m =
        of(null, "{\"partition\":\"fred/DGS10/2024-01-01\",\"versionId\":5,\"reason\":\"low\"}")
            .get(0);
    assertThat(m.kind()).isEqualTo(ChangeMessage.QUARANTINE);
    assertThat(m.source()).isEqualTo("fred");
  }

  @Test
  void a_partition_rollback_is_one_message_per_partition_it_moved() {
    List<ChangeMessage> ms =
        of(
            null,
            "{\"rolledBackPartitions\":2,\"headsMoved\":2,\"moves\":["
                + "{\"partition\":\"eia/A/2024-01-01\",\"fromVersion\":2,\"toVersion\":1},"
                + "{\"partition\":\"eia/A/2024-01-02\",\"fromVersion\":3,\"toVersion\":2}]}");
    assertThat(ms)
        .extracting(ChangeMessage::key)
        .containsExactly("eia/A/2024-01-01", "eia/A/2024-01-02");
    assertThat(ms).extracting(ChangeMessage::kind).containsOnly(ChangeMessage.ROLLBACK);
    assertThat(ms).extracting(ChangeMessage::outboxId).containsOnly(7L);
  }

  @Test
  void an_operation_rollback_is_keyed_by_its_source() {
    ChangeMessage m =
        of("eia", "{\"rolledBack\":\"BACKFILL_20240101_EIA\",\"headsMoved\":2,\"headsRemoved\":0}")
            .get(0);
    assertThat(m.key()).isEqualTo("eia");
    assertThat(m.kind()).isEqualTo(ChangeMessage.ROLLBACK);
    assertThat(m.versionId()).isNull();
  }

  @Test
  void corruption_isolation_and_release_name_the_version_they_are_about() {
    assertThat(
            of(
                    null,
                    "{\"partition\":\"eia/A/2024-01-01\",\"isolation\":\"strict\",\"kinds\":[],"
                        + "\"fromVersionId\":9,\"toVersionId\":8}")
                .get(0))
        .extracting(ChangeMessage::kind, ChangeMessage::versionId)
        .containsExactly(ChangeMessage.ISOLATE, 9L);
    assertThat(
            of(
                    null,
                    "{\"partition\":\"eia/A/2024-01-01\",\"isolation\":\"strict\",\"outcome\":\"restored\","
                        + "\"headVersionId\":9}")
                .get(0))
        .extracting(ChangeMessage::kind, ChangeMessage::versionId)
        .containsExactly(ChangeMessage.RELEASE, 9L);
  }

  @Test
  void a_row_of_no_known_shape_is_sent_as_other_not_dropped() throws Exception {
    ChangeMessage m = of(null, "not json").get(0);
    assertThat(m.kind()).isEqualTo(ChangeMessage.OTHER);
    assertThat(m.source()).isEqualTo(ChangeMessages.UNKNOWN);
    assertThat(JSON.readTree(m.value()).path("change").path("raw").asText()).isEqualTo("not json");
  }

  @Test
  void the_topic_is_prefix_source_changes() {
    assertThat(ChangeMessages.topic("aurum", "eia")).isEqualTo("aurum.eia.changes");
  }
}
