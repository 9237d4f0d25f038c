package io.aurum.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.aurum.app.testing.AurumCli;
import io.aurum.app.testing.CliFixture;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The runbook's {@code partial_reprocess.py --source eia --date D --hours 10-16}, with no
 * --datasets.
 */
class ReprocessDefaultsCliTest {
  @TempDir Path tmp;

  @Test
  void hours_without_datasets_reprocess_every_hourly_dataset_and_skip_monthly_ones() {
    try (CliFixture fx = new CliFixture(tmp, false, 1000, 8)) {
      assertThat(
              AurumCli.run(
                      fx.env(),
                      "backfill",
                      "--source",
                      "eia",
                      "--start-date",
                      "2024-12-31",
                      "--end-date",
                      "2024-12-31")
                  .exit())
          .isZero();
      long before = fx.sandbox.stats("eia").requests();
      var r =
          AurumCli.run(
              fx.env(),
              "reprocess",
              "--source",
              "eia",
              "--date",
              "2024-12-31",
              "--hours",
              "10-16",
              "--reason",
              "partial failure");
      assertThat(r.exit()).as(r.all()).isZero();
      // ELEC.DEMAND and ELEC.GEN are hourly; ELEC.PRICE (monthly) has no hours to redo.
      assertThat(r.out()).contains("PARTIAL_20241231_EIA_10-16 SUCCEEDED: 2/2");
      assertThat(fx.sandbox.stats("eia").requests() - before).isEqualTo(2);
    }
  }
}
