package io.aurum.core.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.aurum.core.testing.MutableClock;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FailureLogTest {
  @TempDir Path dir;
  final MutableClock clock = new MutableClock(Instant.parse("2024-06-01T23:59:00Z"));

  static FailureLog.Entry entry(String partition, Integer status) {
    return new FailureLog.Entry("OP1", "eia", "ELEC.DEMAND", partition, null, "refused", status, 3);
  }

  @Test
  void entries_accumulate_in_the_file_of_the_clocks_utc_day() throws IOException {
    FailureLog log = new FailureLog(dir.resolve("logs"), clock);
    Path first = log.append(entry("eia/ELEC.DEMAND/2024-01-01", 400));
    assertThat(first.getFileName().toString()).isEqualTo("failed_records_20240601.json");
    log.append(entry("eia/ELEC.DEMAND/2024-01-02", null));

    JsonNode all = new ObjectMapper().readTree(first.toFile());
    assertThat(all).hasSize(2);
    assertThat(all.get(0).path("partition").asText()).isEqualTo("eia/ELEC.DEMAND/2024-01-01");
    assertThat(all.get(0).path("http_status").asInt()).isEqualTo(400);
    assertThat(all.get(0).path("at").asText()).isEqualTo("2024-06-01T23:59:00Z");
    assertThat(all.get(1).has("http_status")).isFalse();
    assertThat(all.get(1).has("window")).isFalse();
    assertThat(dir.resolve("logs")).isDirectoryNotContaining("glob:**.tmp");

    clock.advance(Duration.ofMinutes(2));
    assertThat(log.fileForToday().getFileName().toString())
        .isEqualTo("failed_records_20240602.json");
  }

  @Test
  void rejected_records_keep_values_that_are_not_json_numbers_as_text() throws IOException {
    FailureLog log = new FailureLog(dir, clock);
    FailureLog.Entry e = entry("eia/ELEC.DEMAND/2024-01-01", null);
    Path file =
        log.appendAll(
            List.of(
                e.withRecord("S1", "2024-01-01T00:00:00Z", "NaN"),
                e.withRecord("S2", "2024-01-01T01:00:00Z", "Infinity")));
    JsonNode all = new ObjectMapper().readTree(Files.readString(file));
    assertThat(all).hasSize(2);
    assertThat(all.get(0).path("series").asText()).isEqualTo("S1");
    assertThat(all.get(0).path("value").isTextual()).isTrue();
    assertThat(all.get(1).path("value").asText()).isEqualTo("Infinity");
    assertThat(all.get(1).path("period_start").asText()).isEqualTo("2024-01-01T01:00:00Z");
  }
}
