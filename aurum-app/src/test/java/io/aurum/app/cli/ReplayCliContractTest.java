package io.aurum.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.aurum.app.testing.AurumCli;
import io.aurum.app.testing.CliFixture;
import io.aurum.app.testing.DbSnapshot;
import io.aurum.core.model.PartitionKey;
import io.aurum.core.model.PartitionVersion;
import io.aurum.core.model.SourceId;
import io.aurum.store.JdbcStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Replay, partial reprocessing and rollback end to end over the sandbox, on both databases. */
abstract class ReplayCliContractTest {
  static final ZoneId NY = ZoneId.of("America/New_York");
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

  void backfill(String from, String to) {
    var r =
        aurum(
            "backfill",
            "--source",
            "eia",
            "--datasets",
            "ELEC.DEMAND",
            "--start-date",
            from,
            "--end-date",
            to);
    assertThat(r.exit()).as(r.all()).isZero();
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

  /** Periods (UTC) whose value differs between two exports of the same range. */
  static List<Instant> changed(String before, String after) {
    List<String> a = before.lines().skip(1).toList();
    List<String> b = after.lines().skip(1).toList();
    assertThat(b).hasSameSizeAs(a);
    List<Instant> out = new ArrayList<>();
    for (int i = 0; i < a.size(); i++) {
      String[] x = a.get(i).split(",");
      String[] y = b.get(i).split(",");
      assertThat(y[1] + y[2]).isEqualTo(x[1] + x[2]);
      if (!x[3].equals(y[3])) {
        out.add(Instant.parse(x[2]));
      }
    }
    return out;
  }

  @Test
  void replay_picks_up_exactly_the_revised_observations_and_rollback_restores_the_export()
      throws Exception {
    backfill("2024-01-01", "2024-01-03");
    String before = export("2024-01-01:2024-01-03");
    fx.sandbox.revise("eia", LocalDate.of(2024, 1, 2), LocalDate.of(2024, 1, 2));

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
            "pick up revisions",
            "--priority",
            "high");
    assertThat(replay.exit()).as(replay.all()).isZero();
    assertThat(replay.out()).contains("REPLAY_20240103_EIA SUCCEEDED: 3/3");
    String after = export("2024-01-01:2024-01-03");

    List<Instant> changed = changed(before, after);
    assertThat(changed).isNotEmpty();
    assertThat(changed).allMatch(t -> t.toString().startsWith("2024-01-02")).hasSize(5 * 24);
    try (JdbcStore store = fx.openStore()) {
      PartitionKey key = new PartitionKey(SourceId.EIA, "ELEC.DEMAND", LocalDate.of(2024, 1, 2));
      List<PartitionVersion> versions = store.versions().versions(key);
      assertThat(versions).hasSize(2);
      assertThat(store.versions().observations(versions.get(0).id())).hasSize(5 * 24);
      assertThat(store.versions().observations(versions.get(1).id()).get(0).attributes())
          .contains("\"operation\":\"REPLAY_20240103_EIA\"");
    }

    var refused =
        aurum("rollback", "--operation-id", "REPLAY_20240103_EIA", "--rollback-type", "emergency");
    assertThat(refused.exit()).isEqualTo(2);
    assertThat(refused.err()).contains("--confirm-rollback");

    var rb =
        aurum(
            "rollback",
            "--operation-id",
            "REPLAY_20240103_EIA",
            "--rollback-type",
            "controlled",
            "--pre-rollback-validation",
            "--post-rollback-validation",
            "--backup-original-data");
    assertThat(rb.exit()).as(rb.all()).isZero();
    assertThat(rb.out()).contains("REPLAY_20240103_EIA ROLLED_BACK by ROLLBACK_");
    assertThat(export("2024-01-01:2024-01-03")).isEqualTo(before);
    try (Stream<Path> files = Files.list(fx.home.resolve("backups"))) {
      assertThat(files.toList()).hasSize(1);
    }

    var again =
        aurum(
            "rollback",
            "--operation-id",
            "REPLAY_20240103_EIA",
            "--rollback-type",
            "emergency",
            "--confirm-rollback");
    assertThat(again.exit()).isEqualTo(4);
    assertThat(again.err()).contains("already rolled back");
  }

  @Test
  void rollback_of_an_operation_changed_later_is_refused_unless_cascade() {
    backfill("2024-01-01", "2024-01-02");
    String before = export("2024-01-01:2024-01-02");
    assertThat(
            aurum(
                    "replay",
                    "--source",
                    "eia",
                    "--datasets",
                    "ELEC.DEMAND",
                    "--date-range",
                    "2024-01-01:2024-01-02",
                    "--reason",
                    "r1")
                .exit())
        .isZero();
    assertThat(
            aurum(
                    "reprocess",
                    "--source",
                    "eia",
                    "--datasets",
                    "ELEC.DEMAND",
                    "--date",
                    "2024-01-02",
                    "--hours",
                    "10-16")
                .exit())
        .isZero();

    var refused =
        aurum(
            "rollback",
            "--operation-id",
            "REPLAY_20240102_EIA",
            "--rollback-type",
            "emergency",
            "--confirm-rollback");
    assertThat(refused.exit()).isEqualTo(4);
    assertThat(refused.err()).contains("PARTIAL_20240102_EIA_10-16");

    var cascade =
        aurum(
            "rollback",
            "--operation-id",
            "REPLAY_20240102_EIA",
            "--rollback-type",
            "emergency",
            "--confirm-rollback",
            "--cascade");
    assertThat(cascade.exit()).as(cascade.all()).isZero();
    assertThat(cascade.out())
        .contains("PARTIAL_20240102_EIA_10-16 ROLLED_BACK")
        .contains("REPLAY_20240102_EIA ROLLED_BACK");
    assertThat(export("2024-01-01:2024-01-02")).isEqualTo(before);
  }

  @Test
  void partial_reprocess_of_hours_10_to_16_touches_only_those_hours() {
    backfill("2024-12-31", "2024-12-31");
    String before = export("2024-12-31:2024-12-31");
    fx.sandbox.revise("eia", LocalDate.of(2024, 12, 31), LocalDate.of(2025, 1, 1));

    var r =
        aurum(
            "reprocess",
            "--source",
            "eia",
            "--datasets",
            "ELEC.DEMAND",
            "--date",
            "2024-12-31",
            "--hours",
            "10-16",
            "--max-concurrent",
            "2",
            "--batch-size",
            "500",
            "--reason",
            "peak");
    assertThat(r.exit()).as(r.all()).isZero();
    assertThat(r.out()).contains("PARTIAL_20241231_EIA_10-16 SUCCEEDED");
    List<Instant> changed = changed(before, export("2024-12-31:2024-12-31"));
    assertThat(changed).hasSize(5 * 7);
    assertThat(changed)
        .allMatch(
            t -> {
              int h = t.atZone(NY).getHour();
              return h >= 10 && h <= 16;
            });
  }

  @Test
  void
      hour_one_on_the_fall_back_day_names_both_repeated_hours_and_hour_two_in_spring_does_not_exist()
          throws Exception {
    backfill("2024-11-03", "2024-11-03");
    String before = export("2024-11-03:2024-11-03");
    fx.sandbox.revise("eia", LocalDate.of(2024, 11, 3), LocalDate.of(2024, 11, 4));

    var r =
        aurum(
            "reprocess",
            "--source",
            "eia",
            "--datasets",
            "ELEC.DEMAND",
            "--date",
            "2024-11-03",
            "--hours",
            "1");
    assertThat(r.exit()).as(r.all()).isZero();
    List<Instant> changed = changed(before, export("2024-11-03:2024-11-03"));
    assertThat(changed.stream().distinct().sorted().toList())
        .containsExactly(
            Instant.parse("2024-11-03T05:00:00Z"), Instant.parse("2024-11-03T06:00:00Z"));
    assertThat(changed).hasSize(10);

    var snapshot = DbSnapshot.of(fx.jdbcUrl());
    var spring =
        aurum(
            "reprocess",
            "--source",
            "eia",
            "--datasets",
            "ELEC.DEMAND",
            "--date",
            "2024-03-10",
            "--hours",
            "2");
    assertThat(spring.exit()).isEqualTo(2);
    assertThat(spring.err()).contains("hour 2 does not exist on 2024-03-10").hasLineCount(1);
    assertThat(DbSnapshot.of(fx.jdbcUrl())).isEqualTo(snapshot);
  }

  @Test
  void failed_records_refetches_exactly_the_partitions_of_the_failure_log() throws Exception {
    LocalDate bad = LocalDate.of(2024, 1, 2);
    fx.sandbox.faults("eia").failDates(Set.of(bad));
    var r =
        aurum(
            "backfill",
            "--source",
            "eia",
            "--datasets",
            "ELEC.DEMAND",
            "--start-date",
            "2024-01-01",
            "--end-date",
            "2024-01-03",
            "--max-retries",
            "0");
    assertThat(r.exit()).as(r.all()).isEqualTo(1);
    Path log;
    try (Stream<Path> files = Files.list(fx.home.resolve("logs"))) {
      log =
          files
              .filter(p -> p.getFileName().toString().startsWith("failed_records_"))
              .findFirst()
              .orElseThrow();
    }
    fx.sandbox.faults("eia").clear();
    long total = fx.sandbox.stats("eia").requests();
    long onBad = fx.sandbox.stats("eia").requestsStarting("2024-01-02");

    var re =
        aurum(
            "reprocess",
            "--type",
            "failed_records",
            "--source",
            "eia",
            "--failure-log",
            log.toString(),
            "--max-attempts",
            "3");
    assertThat(re.exit()).as(re.all()).isZero();
    assertThat(fx.sandbox.stats("eia").requests() - total).isEqualTo(1);
    assertThat(fx.sandbox.stats("eia").requestsStarting("2024-01-02") - onBad).isEqualTo(1);
    try (JdbcStore store = fx.openStore()) {
      assertThat(store.versions().head(new PartitionKey(SourceId.EIA, "ELEC.DEMAND", bad)))
          .isPresent();
    }
  }

  @Test
  void a_version_below_the_threshold_is_quarantined_and_the_head_does_not_move() throws Exception {
    backfill("2024-01-01", "2024-01-01");
    String before = export("2024-01-01:2024-01-01");
    Path check = tmp.resolve("strict.json");
    Files.writeString(check, "{\"checks\": [{\"name\": \"impossible\", \"expr\": \"value < 0\"}]}");
    fx.sandbox.revise("eia", LocalDate.of(2024, 1, 1), LocalDate.of(2024, 1, 2));
    var r =
        aurum(
            "replay",
            "--type",
            "quality_improvement",
            "--quality-profile",
            "enhanced_validation",
            "--validation-threshold",
            "0.95",
            "--validation-script",
            check.toString(),
            "--source",
            "eia",
            "--datasets",
            "ELEC.DEMAND",
            "--date-range",
            "2024-01-01:2024-01-01",
            "--reason",
            "stricter checks");
    assertThat(r.exit()).as(r.all()).isEqualTo(1);
    assertThat(export("2024-01-01:2024-01-01")).isEqualTo(before);
    try (JdbcStore store = fx.openStore()) {
      var versions =
          store
              .versions()
              .versions(new PartitionKey(SourceId.EIA, "ELEC.DEMAND", LocalDate.of(2024, 1, 1)));
      assertThat(versions.get(versions.size() - 1).state().name()).isEqualTo("QUARANTINED");
    }
  }

  @Test
  void algorithm_update_and_schema_correction_record_their_versions_in_provenance()
      throws Exception {
    Path migration = tmp.resolve("v2.1.json");
    Files.writeString(
        migration,
        """
        {"name": "v2.1_migration", "schema_version": "v2.1",
         "steps": [
           {"op": "derive", "field": "value_gwh", "expr": "round(value / 1000, 3)"},
           {"op": "convert_unit", "from": "MWh", "to": "GWh", "factor": 0.001}
         ]}
        """);
    var s =
        aurum(
            "replay",
            "--type",
            "schema_correction",
            "--schema-version",
            "v2.1",
            "--migration-script",
            migration.toString(),
            "--source",
            "eia",
            "--datasets",
            "ELEC.DEMAND",
            "--date-range",
            "2024-01-01:2024-01-01",
            "--reason",
            "schema v2.1");
    assertThat(s.exit()).as(s.all()).isZero();
    var a =
        aurum(
            "replay",
            "--type",
            "algorithm_update",
            "--algorithm-version",
            "outlier_detection_v2",
            "--algorithm-params",
            "sensitivity=0.8,window_size=24",
            "--source",
            "eia",
            "--datasets",
            "ELEC.DEMAND",
            "--date-range",
            "2024-01-01:2024-01-01",
            "--reason",
            "new outlier detection");
    assertThat(a.exit()).as(a.all()).isZero();
    try (JdbcStore store = fx.openStore()) {
      var versions =
          store
              .versions()
              .versions(new PartitionKey(SourceId.EIA, "ELEC.DEMAND", LocalDate.of(2024, 1, 1)));
      assertThat(versions.get(0).schemaVersion()).isEqualTo("v2.1");
      var rows = store.versions().observations(versions.get(0).id());
      assertThat(rows.get(0).unit()).isEqualTo("GWh");
      assertThat(rows.get(0).attributes()).contains("value_gwh").contains("v2.1_migration@v2.1");
      assertThat(store.versions().observations(versions.get(1).id()).get(0).attributes())
          .contains("outlier_detection_v2");
    }
  }
}
