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

  @Test
  void both_scans_replace_an_existing_report_and_keep_it_alike_with_no_overwrite()
      throws Exception {
    try (CliFixture fx = new CliFixture(tmp, false, 1000, 4)) {
      assertThat(fx.backfillEiaDemand("2024-01-01", "2024-01-02").exit()).isZero();
      java.util.Map<String, String[]> scans =
          java.util.Map.of(
              "damage", new String[] {"emergency", "assess", "--source", "eia", "--full-scan"},
              "corruption", new String[] {"corruption", "detect", "--source", "eia"});
      java.util.List<String> refusals = new java.util.ArrayList<>();
      for (var scan : scans.entrySet()) {
        Path file = tmp.resolve(scan.getKey() + ".json");
        Files.writeString(file, "keep");
        java.util.List<String> args = new java.util.ArrayList<>(java.util.List.of(scan.getValue()));
        args.addAll(java.util.List.of("--output", file.toString()));

        args.add("--no-overwrite");
        AurumCli.Result kept = AurumCli.run(fx.env(), args.toArray(String[]::new));
        assertThat(kept.exit()).as(kept.all()).isEqualTo(2);
        assertThat(kept.out()).isEmpty();
        assertThat(kept.err().strip()).doesNotContain("\n", "Exception");
        assertThat(Files.readString(file)).isEqualTo("keep");
        refusals.add(kept.err().strip().replace(file.toString(), "FILE"));

        args.remove("--no-overwrite");
        AurumCli.Result replaced = AurumCli.run(fx.env(), args.toArray(String[]::new));
        assertThat(replaced.exit()).as(replaced.all()).isZero();
        assertThat(Files.readString(file)).contains("\"report\" : \"" + scan.getKey() + "\"");
        args.add("--overwrite");
        assertThat(AurumCli.run(fx.env(), args.toArray(String[]::new)).exit()).isZero();
      }
      // The same refusal, word for word, once the file's name is set aside.
      assertThat(refusals)
          .containsOnly("aurum: --output FILE already exists: pass --overwrite to replace it");
    }
  }
}
