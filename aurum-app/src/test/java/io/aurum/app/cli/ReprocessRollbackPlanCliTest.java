package io.aurum.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.aurum.app.testing.AurumCli;
import io.aurum.app.testing.CliFixture;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code reprocess --rollback-plan}: the run is rolled back when it published below the plan. */
class ReprocessRollbackPlanCliTest {
  @TempDir Path tmp;

  private static AurumCli.Result reprocess(CliFixture fx, String hours, String plan) {
    return AurumCli.run(
        fx.env(),
        "reprocess",
        "--source",
        "eia",
        "--datasets",
        "ELEC.DEMAND",
        "--date",
        "2024-12-31",
        "--hours",
        hours,
        "--reason",
        "partial failure",
        "--rollback-plan",
        plan);
  }

  @Test
  void a_run_below_the_plan_is_rolled_back_with_exit_5_and_one_above_it_stands() {
    try (CliFixture fx = new CliFixture(tmp, false, 1000, 8)) {
      assertThat(fx.backfillEiaDemand("2024-12-31", "2024-12-31").exit()).isZero();
      var kept = reprocess(fx, "10-12", "Rollback to previous version if quality < 0.0");
      assertThat(kept.exit()).as(kept.all()).isZero();
      assertThat(kept.out()).doesNotContain("rollback plan enforced");
      var rolledBack = reprocess(fx, "13-14", "Rollback to previous version if quality < 1.5");
      assertThat(rolledBack.exit()).as(rolledBack.all()).isEqualTo(5);
      assertThat(rolledBack.out())
          .containsPattern(
              "rollback plan enforced: quality [0-9.]+ < 1\\.5, PARTIAL_20241231_EIA_13-14 rolled"
                  + " back by \\S+");
    }
  }
}
