package io.aurum.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.aurum.app.testing.AurumCli;
import io.aurum.app.testing.CliFixture;
import io.aurum.app.testing.DbSnapshot;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Bad input to replay, reprocess and rollback: one line, its exit code, and no write. */
class ReplayBadInputTest {
  @TempDir static Path tmp;
  static CliFixture fx;
  static Path malformed;
  static Path badConflicts;

  @BeforeAll
  static void seed() throws Exception {
    fx = new CliFixture(tmp, false, 1000, 8);
    malformed = tmp.resolve("bad.json");
    Files.writeString(malformed, "{\"steps\": [\n  {\"op\": \"rename\" \"from\": \"a\"}\n]}");
    badConflicts = tmp.resolve("conflicts_bad.json");
    Files.writeString(badConflicts, "{\"conflicts\": [\n  {\"dataset\": \"ELEC.DEMAND\",, }\n]}");
    assertThat(
            AurumCli.run(
                    fx.env(),
                    "backfill",
                    "--source",
                    "eia",
                    "--datasets",
                    "ELEC.DEMAND",
                    "--start-date",
                    "2024-01-01",
                    "--end-date",
                    "2024-01-01")
                .exit())
        .isZero();
  }

  @AfterAll
  static void close() {
    fx.close();
  }

  static Stream<Arguments> cases() {
    String[] replay = {"replay", "--source", "eia", "--date-range", "2024-01-01:2024-01-01"};
    return Stream.of(
        Arguments.of(2, "needs --reason", replay),
        Arguments.of(
            2, "unknown replay --type 'bogus'", concat(replay, "--reason", "x", "--type", "bogus")),
        Arguments.of(
            2,
            "unknown --algorithm-version 'outlier_detection_v9'",
            concat(
                replay,
                "--reason",
                "x",
                "--type",
                "algorithm_update",
                "--algorithm-version",
                "outlier_detection_v9")),
        Arguments.of(
            2,
            "bad.json:2:",
            concat(
                replay,
                "--reason",
                "x",
                "--type",
                "schema_correction",
                "--schema-version",
                "v2.1",
                "--migration-script",
                "MALFORMED")),
        Arguments.of(
            2,
            "hours must be between 0 and 23",
            new String[] {
              "reprocess", "--source", "eia", "--date", "2024-12-31", "--hours", "20-25"
            }),
        Arguments.of(
            3,
            "no operation NOPE_20240101_EIA",
            new String[] {
              "rollback",
              "--operation-id",
              "NOPE_20240101_EIA",
              "--rollback-type",
              "emergency",
              "--confirm-rollback"
            }),
        Arguments.of(
            2,
            "unknown resolution strategy 'newest_wins'",
            new String[] {
              "conflicts",
              "resolve",
              "--conflict-file",
              "BADCONF",
              "--resolution-strategy",
              "newest_wins"
            }),
        Arguments.of(
            2,
            "conflicts_bad.json:2:",
            new String[] {
              "conflicts",
              "resolve",
              "--conflict-file",
              "BADCONF",
              "--resolution-strategy",
              "latest_wins"
            }),
        Arguments.of(
            2,
            "conflicts_bad.json:2:",
            new String[] {
              "schema",
              "resolve",
              "--version-conflicts",
              "BADCONF",
              "--resolution",
              "upgrade_to_latest"
            }),
        Arguments.of(
            2,
            "unknown --resolution 'downgrade'",
            new String[] {
              "schema", "resolve", "--version-conflicts", "BADCONF", "--resolution", "downgrade"
            }),
        Arguments.of(
            3,
            "no operation NOPE_20240101_EIA",
            new String[] {
              "compare",
              "quality",
              "--job-id",
              "NOPE_20240101_EIA",
              "--comparison-metric",
              "data_quality_score"
            }),
        Arguments.of(
            2,
            "unknown --comparison-metric 'speed'",
            new String[] {
              "compare",
              "quality",
              "--job-id",
              "BACKFILL_20240101_EIA",
              "--comparison-metric",
              "speed"
            }),
        Arguments.of(
            3,
            "no operation NOPE_20240101_EIA",
            new String[] {
              "archive", "--job-id", "NOPE_20240101_EIA", "--archive-location", "ARCHIVE"
            }),
        Arguments.of(
            3,
            "no operation NOPE_20240101_EIA",
            new String[] {"monitor", "--job-id", "NOPE_20240101_EIA"}),
        Arguments.of(
            3,
            "no operation NOPE_20240101_EIA",
            new String[] {"cleanup", "--job-id", "NOPE_20240101_EIA"}),
        Arguments.of(
            2,
            "needs --confirm-rollback",
            new String[] {
              "rollback", "--operation-id", "BACKFILL_20240101_EIA", "--rollback-type", "emergency"
            }));
  }

  static String[] concat(String[] a, String... b) {
    return Stream.concat(Stream.of(a), Stream.of(b)).toArray(String[]::new);
  }

  @ParameterizedTest
  @MethodSource("cases")
  void bad_input_gets_one_line_its_exit_code_and_no_write(int exit, String message, String[] args)
      throws Exception {
    String[] resolved =
        Stream.of(args)
            .map(a -> a.equals("MALFORMED") ? malformed.toString() : a)
            .map(a -> a.equals("BADCONF") ? badConflicts.toString() : a)
            .map(a -> a.equals("ARCHIVE") ? tmp.resolve("archive").toString() : a)
            .toArray(String[]::new);
    var before = DbSnapshot.of(fx.jdbcUrl());
    var r = AurumCli.run(fx.env(), resolved);
    assertThat(r.exit()).as(r.all()).isEqualTo(exit);
    assertThat(r.err()).contains(message).hasLineCount(1);
    assertThat(DbSnapshot.of(fx.jdbcUrl())).isEqualTo(before);
    assertThat(tmp.resolve("archive")).doesNotExist();
  }
}
