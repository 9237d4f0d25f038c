package io.aurum.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.aurum.app.testing.AurumCli;
import io.aurum.app.testing.CliFixture;
import io.aurum.app.testing.DbSnapshot;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code aurum adjust}: live parameters of a paused operation; refused on finished ones. */
class AdjustCliTest {
  @TempDir Path tmp;
  CliFixture fx;

  @BeforeEach
  void setUp() {
    fx = new CliFixture(tmp, false, 1000, 8);
  }

  @AfterEach
  void tearDown() {
    fx.close();
  }

  @Test
  void adjust_changes_a_paused_operation_and_resume_runs_with_the_new_settings() throws Exception {
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
                    "2024-01-02")
                .exit())
        .isZero();
    String done = "BACKFILL_20240102_EIA";
    var refused =
        AurumCli.run(fx.env(), "adjust", "--operation-id", done, "--new-concurrency", "1");
    assertThat(refused.exit()).isEqualTo(4);
    assertThat(refused.err()).contains("is SUCCEEDED: there is nothing to adjust");

    fx.seedOperation("BACKFILL_20240110_EIA", done, java.util.List.of(), true);
    var before = DbSnapshot.of(fx.jdbcUrl());
    var tooMany =
        AurumCli.run(
            fx.env(),
            "adjust",
            "--operation-id",
            "BACKFILL_20240110_EIA",
            "--new-concurrency",
            "99");
    assertThat(tooMany.exit()).isEqualTo(2);
    assertThat(DbSnapshot.of(fx.jdbcUrl())).isEqualTo(before);

    var ok =
        AurumCli.run(
            fx.env(),
            "adjust",
            "--operation-id",
            "BACKFILL_20240110_EIA",
            "--new-concurrency",
            "1",
            "--new-rate-limit",
            "50",
            "--new-batch-size",
            "500");
    assertThat(ok.exit()).as(ok.all()).isZero();
    var status =
        AurumCli.run(fx.env(), "status", "--job-id", "BACKFILL_20240110_EIA", "--format", "json");
    assertThat(status.out())
        .contains("\"concurrency\" : 1", "\"rate_limit\" : \"50.0\"", "\"batch_size\" : 500");
    try (var store = fx.openStore()) {
      assertThat(store.audit().entries("BACKFILL_20240110_EIA"))
          .anyMatch(e -> e.action().contains("spec"));
    }
  }
}
