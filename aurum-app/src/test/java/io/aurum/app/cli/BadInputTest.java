package io.aurum.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.aurum.app.testing.AurumCli;
import io.aurum.app.testing.CliFixture;
import io.aurum.app.testing.DbSnapshot;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Bad input gets one line saying what is wrong, the documented exit code, and no write: the
 * database (seeded with one finished and one paused backfill) has the same rows afterwards.
 */
class BadInputTest {
  @TempDir static Path tmp;
  static CliFixture fx;

  @BeforeAll
  static void seed() {
    fx = new CliFixture(tmp, false, 1000, 8);
    assertThat(
            run(
                    "backfill",
                    "--source",
                    "eia",
                    "--datasets",
                    "ELEC.DEMAND",
                    "--start-date",
                    "2024-01-01",
                    "--end-date",
                    "2024-01-03")
                .exit())
        .isZero();
  }

  @AfterAll
  static void close() {
    fx.close();
  }

  static AurumCli.Result run(String... args) {
    return AurumCli.run(fx.env(), args);
  }

  static Stream<Arguments> cases() {
    return Stream.of(
        Arguments.of(
            2,
            "is before --start-date",
            new String[] {
              "backfill",
              "--source",
              "eia",
              "--start-date",
              "2024-03-01",
              "--end-date",
              "2024-02-01"
            }),
        Arguments.of(
            2,
            "is not a date: use YYYY-MM-DD",
            new String[] {
              "backfill",
              "--source",
              "eia",
              "--start-date",
              "2024-13-01",
              "--end-date",
              "2024-12-31"
            }),
        Arguments.of(
            2,
            "unknown source 'eai'",
            new String[] {
              "backfill",
              "--source",
              "eai",
              "--start-date",
              "2024-01-01",
              "--end-date",
              "2024-01-02"
            }),
        Arguments.of(
            2,
            "unknown dataset 'ELEC.FOO'",
            new String[] {
              "backfill",
              "--source",
              "eia",
              "--datasets",
              "ELEC.FOO",
              "--start-date",
              "2024-01-01",
              "--end-date",
              "2024-01-02"
            }),
        Arguments.of(
            2,
            "--concurrency must be above 0",
            new String[] {
              "backfill",
              "--source",
              "eia",
              "--start-date",
              "2024-01-01",
              "--end-date",
              "2024-01-02",
              "--concurrency",
              "0"
            }),
        Arguments.of(
            2,
            "--batch-size must be above 0",
            new String[] {
              "backfill",
              "--source",
              "eia",
              "--start-date",
              "2024-01-01",
              "--end-date",
              "2024-01-02",
              "--batch-size",
              "-5"
            }),
        Arguments.of(
            2,
            "is above the 8 that the eia quota allows",
            new String[] {
              "backfill",
              "--source",
              "eia",
              "--start-date",
              "2024-01-01",
              "--end-date",
              "2024-01-02",
              "--concurrency",
              "50"
            }),
        Arguments.of(
            2,
            "--rate-limit 'fast' is not a number",
            new String[] {
              "backfill",
              "--source",
              "eia",
              "--start-date",
              "2024-01-01",
              "--end-date",
              "2024-01-02",
              "--rate-limit",
              "fast"
            }),
        Arguments.of(
            2,
            "is above the eia quota",
            new String[] {
              "backfill",
              "--source",
              "eia",
              "--start-date",
              "2024-01-01",
              "--end-date",
              "2024-01-02",
              "--rate-limit",
              "5000"
            }),
        Arguments.of(
            3,
            "no operation BACKFILL_20991231_EIA",
            new String[] {"backfill", "--status", "--job-id", "BACKFILL_20991231_EIA"}),
        Arguments.of(3, "no operation NOPE", new String[] {"resume", "--job-id", "NOPE"}),
        Arguments.of(
            4,
            "is SUCCEEDED: there is nothing to resume",
            new String[] {"backfill", "--resume", "--job-id", "BACKFILL_20240103_EIA"}),
        Arguments.of(
            4, "cannot become PAUSED", new String[] {"pause", "--job-id", "BACKFILL_20240103_EIA"}),
        Arguments.of(2, "needs --job-id", new String[] {"backfill", "--pause"}),
        Arguments.of(
            2,
            "use one of --pause, --resume, --status and --cancel at a time",
            new String[] {"backfill", "--pause", "--resume", "--job-id", "X"}),
        Arguments.of(2, "Unknown option", new String[] {"backfill", "--sauce", "eia"}));
  }

  @ParameterizedTest(name = "{1}")
  @MethodSource("cases")
  void bad_input_is_one_line_with_its_exit_code_and_writes_nothing(
      int exit, String message, String[] args) throws Exception {
    Map<String, Long> before = DbSnapshot.of(fx.jdbcUrl());
    long requests = fx.sandbox.stats("eia").requests();
    AurumCli.Result r = run(args);
    assertThat(r.exit()).as(r.all()).isEqualTo(exit);
    assertThat(r.err()).contains(message);
    assertThat(r.err().strip().lines()).hasSize(1);
    assertThat(DbSnapshot.of(fx.jdbcUrl())).isEqualTo(before);
    assertThat(fx.sandbox.stats("eia").requests()).isEqualTo(requests);
  }

  @Test
  void pausing_a_paused_job_is_refused() throws Exception {
    fx.seedOperation("BACKFILL_20240105_EIA", "BACKFILL_20240103_EIA", java.util.List.of(), false);
    assertThat(run("pause", "--job-id", "BACKFILL_20240105_EIA").exit()).isZero();
    Map<String, Long> before = DbSnapshot.of(fx.jdbcUrl());
    var r = run("backfill", "--pause", "--job-id", "BACKFILL_20240105_EIA");
    assertThat(r.exit()).isEqualTo(4);
    assertThat(r.err()).contains("is already paused");
    assertThat(DbSnapshot.of(fx.jdbcUrl())).isEqualTo(before);
  }

  @Test
  void a_missing_api_key_for_a_real_run_names_the_variable_and_prints_no_key() throws Exception {
    Map<String, Long> before = DbSnapshot.of(fx.jdbcUrl());
    Map<String, String> env = new HashMap<>(fx.env());
    env.remove("EIA_API_KEY");
    var r =
        AurumCli.run(
            env,
            "backfill",
            "--source",
            "eia",
            "--start-date",
            "2024-02-01",
            "--end-date",
            "2024-02-02");
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).contains("EIA_API_KEY is not set").hasLineCount(1);
    assertThat(DbSnapshot.of(fx.jdbcUrl())).isEqualTo(before);
  }

  @Test
  void a_malformed_or_inconsistent_quotas_file_is_bad_input() throws Exception {
    Path quotas = fx.config.resolve("data_source_quotas.json");
    String good = Files.readString(quotas);
    Map<String, Long> before = DbSnapshot.of(fx.jdbcUrl());
    try {
      Files.writeString(quotas, "{\"sources\": {\"eia\": {\"limits\": [ }");
      var malformed =
          run(
              "backfill",
              "--source",
              "eia",
              "--start-date",
              "2024-02-01",
              "--end-date",
              "2024-02-02");
      assertThat(malformed.exit()).isEqualTo(2);
      assertThat(malformed.err())
          .contains("data_source_quotas.json:1:")
          .contains(": not valid JSON: ")
          .hasLineCount(1);

      Files.writeString(
          quotas,
          good.replace(
              "\"requests\": 500, \"period\": \"P1D\"}], \"max_concurrency\": 1",
              "\"requests\": 500, \"period\": \"P1D\"}], \"max_concurrency\": 5"));
      var inconsistent =
          run(
              "backfill",
              "--source",
              "eia",
              "--start-date",
              "2024-02-01",
              "--end-date",
              "2024-02-02");
      assertThat(inconsistent.exit()).isEqualTo(2);
      assertThat(inconsistent.err())
          .contains("sources.cpi.max_concurrency 5 is more than the quota can feed")
          .hasLineCount(1);
    } finally {
      Files.writeString(quotas, good);
    }
    assertThat(DbSnapshot.of(fx.jdbcUrl())).isEqualTo(before);
  }
}
