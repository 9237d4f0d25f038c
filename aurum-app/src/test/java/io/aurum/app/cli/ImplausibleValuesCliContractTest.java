package io.aurum.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.aurum.app.testing.AurumCli;
import io.aurum.app.testing.CliFixture;
import io.aurum.core.model.Observation;
import io.aurum.core.model.PartitionVersion;
import io.aurum.core.model.SourceId;
import io.aurum.store.JdbcStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Values that are never data (NaN, ±Infinity, a number beyond a double, a value outside the
 * dataset's plausible bounds), served by the sandbox's value fault through real HTTP: they become
 * failed records with a reason and never reach a version, on both databases.
 */
abstract class ImplausibleValuesCliContractTest {
  /** ELEC.DEMAND partition 2024-01-02 (New York) holds UTC 2024-01-02T05 .. 2024-01-03T04. */
  static final String BAD_HOUR = "2024-01-02T12";

  @TempDir Path tmp;
  CliFixture fx;

  abstract boolean postgres();

  @BeforeEach
  void setUp() {
    fx = new CliFixture(tmp, postgres(), 1000, 8);
  }

  @AfterEach
  void tearDown() {
    fx.close();
  }

  AurumCli.Result aurum(String... args) {
    return AurumCli.run(fx.env(), args);
  }

  AurumCli.Result backfill(String from, String to) {
    return aurum(
        "backfill",
        "--source",
        "eia",
        "--datasets",
        "ELEC.DEMAND",
        "--start-date",
        from,
        "--end-date",
        to);
  }

  String export(String range) {
    var r =
        aurum(
            "export",
            "--source",
            "eia",
            "--datasets",
            "ELEC.DEMAND",
            "--date-range",
            range,
            "--format",
            "csv");
    assertThat(r.exit()).as(r.all()).isZero();
    return r.out();
  }

  /** An export's data: dataset, series, period, value and unit of each row (not its version). */
  static List<String> values(String csv) {
    return csv.lines()
        .skip(1)
        .map(l -> String.join(",", java.util.Arrays.asList(l.split(",")).subList(0, 5)))
        .toList();
  }

  /** The entries of today's failure log that name one record. */
  List<JsonNode> failedRecords() throws Exception {
    List<JsonNode> out = new ArrayList<>();
    Path logs = fx.home.resolve("logs");
    if (!Files.isDirectory(logs)) {
      return out;
    }
    try (var files = Files.list(logs)) {
      for (Path f :
          files
              .filter(p -> p.getFileName().toString().matches("failed_records_\\d{8}\\.json"))
              .toList()) {
        for (JsonNode n : new ObjectMapper().readTree(f.toFile())) {
          if (n.hasNonNull("series")) {
            out.add(n);
          }
        }
      }
    }
    return out;
  }

  /** Every stored observation of every version of ELEC.DEMAND in the range. */
  List<Observation> stored(LocalDate from, LocalDate to) {
    List<Observation> out = new ArrayList<>();
    try (JdbcStore store = fx.openStore()) {
      for (PartitionVersion v :
          store.versions().versionsIn(SourceId.EIA, "ELEC.DEMAND", from, to)) {
        out.addAll(store.versions().observations(v.id()));
      }
    }
    return out;
  }

  @ParameterizedTest(name = "upstream value {0}")
  @CsvSource({
    "1e400, +Infinity",
    "-1e400, -Infinity",
    "1.8e309, +Infinity",
    "nan, NaN",
    "NaN, NaN",
    "-inf, -Infinity",
    "Infinity, +Infinity",
    "2500000, plausible bounds [-1000, 1000000] of ELEC.DEMAND",
    "-5000, plausible bounds [-1000, 1000000] of ELEC.DEMAND"
  })
  void a_value_that_is_not_data_is_a_failed_record_and_the_rest_publishes(
      String upstream, String reason) throws Exception {
    fx.sandbox.faults("eia").values().set(upstream, List.of(BAD_HOUR), Set.of("PJM"));

    var r = backfill("2024-01-01", "2024-01-03");

    assertThat(r.exit()).as(r.all()).isZero();
    assertThat(r.out()).contains("SUCCEEDED: 3/3");
    String csv = export("2024-01-01:2024-01-03");
    List<String> rows = csv.lines().skip(1).toList();
    // Three New York days of 5 series, less the one rejected point.
    assertThat(rows).hasSize(3 * 5 * 24 - 1);
    assertThat(rows).noneMatch(l -> l.contains("PJM-D") && l.contains(BAD_HOUR + ":00:00Z"));
    assertThat(rows).anyMatch(l -> l.contains("MISO-D") && l.contains(BAD_HOUR + ":00:00Z"));
    assertThat(csv).doesNotContainIgnoringCase("infinity").doesNotContainIgnoringCase("nan");

    List<JsonNode> failed = failedRecords();
    assertThat(failed).hasSize(1);
    JsonNode f = failed.get(0);
    assertThat(f.path("series").asText()).isEqualTo("PJM-D");
    assertThat(f.path("period_start").asText()).isEqualTo(BAD_HOUR + ":00:00Z");
    assertThat(f.path("partition").asText()).isEqualTo("2024-01-02");
    assertThat(f.path("dataset").asText()).isEqualTo("ELEC.DEMAND");
    assertThat(f.path("reason").asText()).startsWith("rejected record: ").contains(reason);

    assertThat(stored(LocalDate.of(2024, 1, 1), LocalDate.of(2024, 1, 3)))
        .hasSize(3 * 5 * 24 - 1)
        .allMatch(o -> Double.isFinite(o.value()) && o.value() > -1000 && o.value() < 1_000_000);
  }

  @Test
  void a_partition_whose_every_value_is_rejected_is_not_published() throws Exception {
    // Every EIA value of UTC 2024-01-02 and 2024-01-03 overflows: New York day 2024-01-02 has
    // nothing else; days 01-01 and 01-03 keep their other hours.
    fx.sandbox.faults("eia").values().set("1e400", List.of("2024-01-02", "2024-01-03"), Set.of());

    var r = backfill("2024-01-02", "2024-01-02");

    assertThat(r.exit()).as(r.all()).isEqualTo(1);
    assertThat(r.out()).contains("eia/ELEC.DEMAND/2024-01-02");
    var status = aurum("status", "--job-id", "BACKFILL_20240102_EIA", "--format", "json");
    assertThat(status.out()).contains("all 120 fetched record(s) rejected, nothing published");
    assertThat(stored(LocalDate.of(2024, 1, 2), LocalDate.of(2024, 1, 2))).isEmpty();
    assertThat(export("2024-01-02:2024-01-02").lines().skip(1)).isEmpty();
    assertThat(failedRecords()).hasSize(20);
  }

  @Test
  void a_replay_whose_upstream_now_overflows_keeps_the_published_value() throws Exception {
    assertThat(backfill("2024-01-01", "2024-01-03").exit()).isZero();
    String before = export("2024-01-01:2024-01-03");
    fx.sandbox.faults("eia").values().set("1e400", List.of(BAD_HOUR), Set.of("PJM"));

    var replay =
        aurum(
            "replay",
            "--source",
            "eia",
            "--datasets",
            "ELEC.DEMAND",
            "--date-range",
            "2024-01-01:2024-01-03",
            "--reason",
            "upstream now overflows");

    assertThat(replay.exit()).as(replay.all()).isZero();
    String after = export("2024-01-01:2024-01-03");
    assertThat(values(after)).hasSize(3 * 5 * 24).isEqualTo(values(before));
    // The partition with the rejected point was published anew, carrying the point's value.
    assertThat(after.lines().filter(l -> l.contains("REPLAY_")).count()).isEqualTo(3 * 5 * 24);
    assertThat(failedRecords())
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.path("series").asText()).isEqualTo("PJM-D");
              assertThat(f.path("operation_id").asText()).startsWith("REPLAY_");
            });
    assertThat(stored(LocalDate.of(2024, 1, 1), LocalDate.of(2024, 1, 3)))
        .allMatch(o -> Double.isFinite(o.value()));
  }

  @Test
  void a_replay_whose_upstream_now_overflows_everywhere_keeps_every_published_value()
      throws Exception {
    assertThat(backfill("2024-01-01", "2024-01-03").exit()).isZero();
    String before = export("2024-01-01:2024-01-03");
    fx.sandbox.faults("eia").values().set("1e400", List.of(), Set.of());

    var replay =
        aurum(
            "replay",
            "--source",
            "eia",
            "--datasets",
            "ELEC.DEMAND",
            "--date-range",
            "2024-01-01:2024-01-03",
            "--reason",
            "upstream now overflows everywhere");

    assertThat(replay.exit()).as(replay.all()).isEqualTo(1);
    assertThat(export("2024-01-01:2024-01-03")).isEqualTo(before);
    assertThat(stored(LocalDate.of(2024, 1, 1), LocalDate.of(2024, 1, 3)))
        .allMatch(o -> Double.isFinite(o.value()));
  }
}
