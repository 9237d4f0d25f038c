package io.aurum.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.aurum.app.testing.AurumCli;
import io.aurum.app.testing.CliFixture;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The runbook lines of corruption detect and emergency assess on a clean sandbox backfill. */
class ScanCliTest {
  @TempDir Path tmp;

  @Test
  void the_runbook_lines_report_a_clean_source_and_write_their_reports() throws Exception {
    try (CliFixture fx = new CliFixture(tmp, false, 1000, 4)) {
      assertThat(fx.backfillEiaDemand("2024-01-01", "2024-01-03").exit()).isZero();
      Path corruption = tmp.resolve("corruption_report.json");
      AurumCli.Result d =
          AurumCli.run(
              fx.env(),
              "corruption",
              "detect",
              "--source",
              "eia",
              "--corruption-types",
              "schema,completeness,accuracy",
              "--scan-depth",
              "full",
              "--output",
              corruption.toString());
      assertThat(d.exit()).as(d.err()).isZero();
      assertThat(Files.readString(corruption)).contains("\"report\" : \"corruption\"");
      Path damage = tmp.resolve("damage_report.json");
      AurumCli.Result a =
          AurumCli.run(
              fx.env(),
              "emergency",
              "assess",
              "--source",
              "eia",
              "--full-scan",
              "--output",
              damage.toString());
      assertThat(a.exit()).as(a.err()).isZero();
      assertThat(Files.readString(damage)).contains("\"report\" : \"damage\"");
      assertThat(
              AurumCli.run(
                      fx.env(), "corruption", "detect", "--source", "eia", "--scan-depth", "deep")
                  .exit())
          .isEqualTo(2);
    }
  }
}
