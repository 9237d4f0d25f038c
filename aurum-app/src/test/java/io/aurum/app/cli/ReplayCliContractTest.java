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

    var quality =
        aurum(
            "compare",
            "quality",
            "--job-id",
            "REPLAY_20240103_EIA",
            "--comparison-metric",
            "data_quality_score",
            "--format",
            "json");
    assertThat(quality.exit()).as(quality.all()).isZero();
    assertThat(quality.out())
        .contains("\"dataset\" : \"ELEC.DEMAND\"")
        .contains("\"changed_values\" : 120");

    Path conflictFile = tmp.resolve("conflicts.json");
    var detect =
        aurum(
            "conflicts",
            "detect",
            "--source",
            "eia",
            "--date",
            "2024-01-02",
            "--datasets",
            "ELEC.DEMAND",
            "--output",
            conflictFile.toString());
    assertThat(detect.exit()).as(detect.all()).isEqualTo(5);
    // Partition 2024-01-02 (New York) holds 19 revised UTC hours of 2024-01-02, for 5 series.
    assertThat(detect.out()).contains("1 conflicting partition(s), 95 differing value(s)");
    String file = Files.readString(conflictFile);
    assertThat(file).contains("\"head_value\"").contains("\"candidate_value\"");
    String row =
        before.lines().filter(l -> l.contains("2024-01-02T12:00:00Z")).findFirst().orElseThrow();
    String oldValue = row.split(",")[3];
    assertThat(detect.out())
        .containsPattern(
            "2024-01-02T12:00:00Z\\s+\\S+\\s+"
                + java.util.regex.Pattern.quote(String.valueOf(Double.parseDouble(oldValue))));

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
    // Core says "a cascading rollback"; the command line's vocabulary names the flag to add.
    assertThat(refused.err()).contains("roll those back first, or add --cascade");

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

  /**
   * A partial reprocess planned against the same head as a replay, run after the replay published:
   * the reprocess's publish sees the head moved and follows its strategy.
   */
  String raceAndRun(String strategy, int expectedExit) {
    backfill("2024-01-02", "2024-01-02");
    fx.sandbox.revise("eia", LocalDate.of(2024, 1, 2), LocalDate.of(2024, 1, 3));
    var partial =
        aurum(
            "reprocess",
            "--source",
            "eia",
            "--datasets",
            "ELEC.DEMAND",
            "--date",
            "2024-01-02",
            "--hours",
            "10-16",
            "--resolution-strategy",
            strategy,
            "--no-start");
    assertThat(partial.exit()).as(partial.all()).isZero();
    assertThat(partial.out()).contains("PARTIAL_20240102_EIA_10-16 PLANNED");
    var replay =
        aurum(
            "replay",
            "--source",
            "eia",
            "--datasets",
            "ELEC.DEMAND",
            "--date-range",
            "2024-01-02:2024-01-02",
            "--reason",
            "race",
            "--no-start");
    assertThat(replay.exit()).as(replay.all()).isZero();
    var first = aurum("resume", "--job-id", "REPLAY_20240102_EIA");
    assertThat(first.exit()).as(first.all()).isZero();
    String afterReplay = export("2024-01-02:2024-01-02");
    // Upstream changes again, so the reprocess's window differs from what the replay published.
    fx.sandbox.revise("eia", LocalDate.of(2024, 1, 2), LocalDate.of(2024, 1, 3));
    var second = aurum("resume", "--job-id", "PARTIAL_20240102_EIA_10-16");
    assertThat(second.exit()).as(second.all()).isEqualTo(expectedExit);
    return afterReplay;
  }

  static boolean inWindow(Instant t) {
    int h = t.atZone(NY).getHour();
    return h >= 10 && h <= 16;
  }

  @Test
  void racing_reprocess_with_latest_wins_rebuilds_on_the_new_head_and_loses_no_update() {
    String afterReplay = raceAndRun("latest_wins", 0);
    List<Instant> changed = changed(afterReplay, export("2024-01-02:2024-01-02"));
    // Only the window changed; everything the replay published outside it is still there.
    assertThat(changed).hasSize(5 * 7).allMatch(ReplayCliContractTest::inWindow);
  }

  @Test
  void racing_reprocess_with_keep_existing_skips_and_leaves_the_head() throws Exception {
    String afterReplay = raceAndRun("keep_existing", 0);
    assertThat(export("2024-01-02:2024-01-02")).isEqualTo(afterReplay);
    try (JdbcStore store = fx.openStore()) {
      var tasks =
          store
              .tasks()
              .list(
                  "PARTIAL_20240102_EIA_10-16",
                  java.util.EnumSet.allOf(io.aurum.core.model.TaskState.class));
      assertThat(tasks).extracting(t -> t.state().name()).containsExactly("SKIPPED");
    }
  }

  @Test
  void racing_reprocess_with_manual_fails_and_conflicts_resolve_settles_it() throws Exception {
    String afterReplay = raceAndRun("manual", 1);
    assertThat(export("2024-01-02:2024-01-02")).isEqualTo(afterReplay);
    Path file = tmp.resolve("manual.json");
    var detect =
        aurum(
            "conflicts",
            "detect",
            "--source",
            "eia",
            "--date",
            "2024-01-02",
            "--hours",
            "10-16",
            "--datasets",
            "ELEC.DEMAND",
            "--output",
            file.toString());
    assertThat(detect.exit()).as(detect.all()).isEqualTo(5);
    assertThat(detect.out())
        .contains("1 conflicting partition(s), 35 differing value(s)")
        .contains("quarantined PARTIAL_20240102_EIA_10-16")
        .contains("overlap eia/ELEC.DEMAND/2024-01-02");

    var manual =
        aurum(
            "conflicts",
            "resolve",
            "--conflict-file",
            file.toString(),
            "--resolution-strategy",
            "manual");
    assertThat(manual.exit()).as(manual.all()).isZero();
    assertThat(manual.out()).contains("decide: keep head");
    assertThat(export("2024-01-02:2024-01-02")).isEqualTo(afterReplay);

    var resolve =
        aurum(
            "conflicts",
            "resolve",
            "--conflict-file",
            file.toString(),
            "--resolution-strategy",
            "latest_wins");
    assertThat(resolve.exit()).as(resolve.all()).isZero();
    List<Instant> changed = changed(afterReplay, export("2024-01-02:2024-01-02"));
    assertThat(changed).hasSize(5 * 7).allMatch(ReplayCliContractTest::inWindow);

    var stale =
        aurum(
            "conflicts",
            "resolve",
            "--conflict-file",
            file.toString(),
            "--resolution-strategy",
            "latest_wins");
    assertThat(stale.exit()).isEqualTo(4);
    assertThat(stale.err()).contains("run aurum conflicts detect again").hasLineCount(1);
    var audit = aurum("audit", "verify");
    assertThat(audit.exit()).as(audit.all()).isZero();
    // The resolved operation can still be rolled back: its head goes back to the replay's.
    var rb =
        aurum(
            "rollback",
            "--operation-id",
            "PARTIAL_20240102_EIA_10-16",
            "--rollback-type",
            "emergency",
            "--confirm-rollback");
    assertThat(rb.exit()).as(rb.all()).isZero();
    assertThat(export("2024-01-02:2024-01-02")).isEqualTo(afterReplay);
  }

  @Test
  void archive_manifest_checksums_verify_and_monitor_and_cleanup_work_on_the_replay()
      throws Exception {
    backfill("2024-01-01", "2024-01-02");
    fx.sandbox.revise("eia", LocalDate.of(2024, 1, 1), LocalDate.of(2024, 1, 3));
    var replay =
        aurum(
            "replay",
            "--source",
            "eia",
            "--datasets",
            "ELEC.DEMAND",
            "--date-range",
            "2024-01-01:2024-01-02",
            "--reason",
            "revisions");
    assertThat(replay.exit()).as(replay.all()).isZero();
    Path location = tmp.resolve("archive");
    var archive =
        aurum(
            "archive",
            "--job-id",
            "REPLAY_20240102_EIA",
            "--archive-location",
            location.toString());
    assertThat(archive.exit()).as(archive.all()).isZero();
    assertThat(archive.out()).contains("archived 2 superseded version(s), 240 record(s)");
    Path dir = location.resolve("REPLAY_20240102_EIA");
    var manifest =
        new com.fasterxml.jackson.databind.ObjectMapper()
            .readTree(dir.resolve("manifest.json").toFile());
    assertThat(manifest.get("files")).hasSize(2);
    try (JdbcStore store = fx.openStore()) {
      for (var f : manifest.get("files")) {
        var check = io.aurum.core.rollback.Archiver.verify(dir.resolve(f.get("file").asText()));
        assertThat(check.checksum()).isEqualTo(f.get("checksum").asText());
        assertThat(check.fileSha256()).isEqualTo(f.get("file_sha256").asText());
        assertThat(check.records()).isEqualTo(f.get("records").asLong());
        // The archived rows are exactly what the store recorded for the superseded version.
        assertThat(store.versions().version(f.get("version_id").asLong()).orElseThrow().checksum())
            .isEqualTo(check.checksum());
        assertThat(f.get("operation_id").asText()).isEqualTo("BACKFILL_20240102_EIA");
      }
    }

    var once = aurum("monitor", "--job-id", "REPLAY_20240102_EIA");
    assertThat(once.exit()).as(once.all()).isZero();
    assertThat(once.out())
        .contains("REPLAY_20240102_EIA SUCCEEDED tasks 2/2 done")
        .contains("records 240")
        .hasLineCount(1);
    var follow =
        aurum("monitor", "--job-id", "REPLAY_20240102_EIA", "--follow", "--interval", "0.1");
    assertThat(follow.exit()).as(follow.all()).isZero();

    Path temp = fx.home.resolve("tmp").resolve("REPLAY_20240102_EIA");
    Files.createDirectories(temp);
    Files.writeString(temp.resolve("chunk-1.jsonl"), "{}");
    Files.writeString(fx.home.resolve("REPLAY_20240102_EIA.export.tmp"), "x");
    var cleanup = aurum("cleanup", "--job-id", "REPLAY_20240102_EIA");
    assertThat(cleanup.exit()).as(cleanup.all()).isZero();
    assertThat(cleanup.out()).contains("removed 2 temporary file(s)");
    assertThat(temp).doesNotExist();
  }

  @Test
  void schema_check_finds_old_heads_and_resolve_upgrades_exactly_those() throws Exception {
    backfill("2024-01-01", "2024-01-03");
    Path migration = tmp.resolve("v2.1.json");
    Files.writeString(
        migration,
        """
        {"name": "v2.1_migration", "schema_version": "v2.1",
         "steps": [{"op": "derive", "field": "value_gwh", "expr": "round(value / 1000, 3)"}]}
        """);
    Path conflicts = tmp.resolve("version_conflicts.json");
    var check =
        aurum(
            "schema",
            "check",
            "--source",
            "eia",
            "--datasets",
            "ELEC.DEMAND",
            "--expected-version",
            "v2.1",
            "--date-range",
            "2024-01-02:2024-01-03",
            "--migration-script",
            migration.toString(),
            "--output",
            conflicts.toString());
    assertThat(check.exit()).as(check.all()).isEqualTo(5);
    assertThat(check.out()).contains("2 of 2 head(s) have another schema version than v2.1");

    var resolve =
        aurum(
            "schema",
            "resolve",
            "--version-conflicts",
            conflicts.toString(),
            "--resolution",
            "upgrade_to_latest");
    assertThat(resolve.exit()).as(resolve.all()).isZero();
    assertThat(resolve.out()).contains("upgrading 2 partition(s) to schema v2.1");

    var again =
        aurum(
            "schema",
            "check",
            "--source",
            "eia",
            "--datasets",
            "ELEC.DEMAND",
            "--expected-version",
            "v2.1",
            "--date-range",
            "2024-01-01:2024-01-03");
    assertThat(again.exit()).as(again.all()).isEqualTo(5);
    // Only 2024-01-01, outside the conflicts file, is still on the old schema.
    assertThat(again.out()).contains("eia/ELEC.DEMAND/2024-01-01").contains("1 of 3 head(s)");
  }

  @Test
  void purge_superseded_keeps_what_a_rollback_of_the_head_needs_and_refuses_deeper_rollbacks()
      throws Exception {
    Path defaults = fx.config.resolve("operation_defaults.json");
    String text = Files.readString(defaults).strip();
    Files.writeString(
        defaults,
        text.substring(0, text.lastIndexOf('}')) + ", \"retention\": {\"superseded_days\": 0}}");
    backfill("2024-01-01", "2024-01-01");
    String v1 = export("2024-01-01:2024-01-01");
    for (int i = 0; i < 2; i++) {
      fx.sandbox.revise("eia", LocalDate.of(2024, 1, 1), LocalDate.of(2024, 1, 2));
      var r =
          aurum(
              "replay",
              "--source",
              "eia",
              "--datasets",
              "ELEC.DEMAND",
              "--date-range",
              "2024-01-01:2024-01-01",
              "--reason",
              "r" + i);
      assertThat(r.exit()).as(r.all()).isZero();
    }
    String v2Export;
    // Retention 0 days: the cutoff must fall strictly after the last supersede (millisecond clock).
    long superseded = System.currentTimeMillis();
    org.awaitility.Awaitility.await().until(() -> System.currentTimeMillis() > superseded + 1);
    var purge = aurum("cleanup", "--purge-superseded");
    assertThat(purge.exit()).as(purge.all()).isZero();
    assertThat(purge.out()).contains("purged 1 superseded version(s)");
    try (JdbcStore store = fx.openStore()) {
      var versions =
          store
              .versions()
              .versions(new PartitionKey(SourceId.EIA, "ELEC.DEMAND", LocalDate.of(2024, 1, 1)));
      assertThat(versions).extracting(PartitionVersion::versionNo).containsExactly(2, 3);
    }
    var head =
        aurum(
            "rollback",
            "--operation-id",
            "REPLAY_20240101_EIA_2",
            "--rollback-type",
            "emergency",
            "--confirm-rollback");
    assertThat(head.exit()).as(head.all()).isZero();
    v2Export = export("2024-01-01:2024-01-01");
    assertThat(v2Export).isNotEqualTo(v1);
    var deeper =
        aurum(
            "rollback",
            "--operation-id",
            "REPLAY_20240101_EIA",
            "--rollback-type",
            "emergency",
            "--confirm-rollback");
    assertThat(deeper.exit()).isEqualTo(4);
    assertThat(deeper.err()).contains("was purged by retention").hasLineCount(1);
    assertThat(export("2024-01-01:2024-01-01")).isEqualTo(v2Export);
  }
}
