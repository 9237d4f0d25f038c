package io.aurum.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.aurum.app.testing.AurumCli;
import io.aurum.app.testing.CliFixture;
import io.aurum.app.testing.DbSnapshot;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Migration files may be YAML as well as JSON; a malformed one is bad input with line and column.
 */
class YamlMigrationCliTest {
  @TempDir Path tmp;

  @Test
  void a_yaml_migration_converts_units_and_a_malformed_one_is_refused_with_its_position()
      throws Exception {
    try (CliFixture fx = new CliFixture(tmp, false, 1000, 8)) {
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
      Path yaml = tmp.resolve("v2.1.yaml");
      Files.writeString(
          yaml,
          """
          name: v2.1_migration
          schema_version: v2.1
          steps:
            - op: convert_unit
              from: MWh
              to: GWh
              factor: 0.001
          """);
      var ok =
          AurumCli.run(
              fx.env(),
              "replay",
              "--type",
              "schema_correction",
              "--schema-version",
              "v2.1",
              "--migration-script",
              yaml.toString(),
              "--source",
              "eia",
              "--datasets",
              "ELEC.DEMAND",
              "--date-range",
              "2024-01-01:2024-01-01",
              "--reason",
              "units to GWh");
      assertThat(ok.exit()).as(ok.all()).isZero();
      String csv =
          AurumCli.run(
                  fx.env(),
                  "export",
                  "--source",
                  "eia",
                  "--datasets",
                  "ELEC.DEMAND",
                  "--date-range",
                  "2024-01-01:2024-01-01")
              .out();
      assertThat(csv.lines().skip(1)).hasSize(120).allMatch(l -> l.contains(",GWh,2,"));

      Path bad = tmp.resolve("bad.yml");
      Files.writeString(bad, "steps:\n  - op: convert_unit\n    factor: [0.001\n");
      var before = DbSnapshot.of(fx.jdbcUrl());
      var refused =
          AurumCli.run(
              fx.env(),
              "replay",
              "--type",
              "schema_correction",
              "--schema-version",
              "v2.1",
              "--migration-script",
              bad.toString(),
              "--source",
              "eia",
              "--datasets",
              "ELEC.DEMAND",
              "--date-range",
              "2024-01-01:2024-01-01",
              "--reason",
              "bad file");
      assertThat(refused.exit()).isEqualTo(2);
      assertThat(refused.err()).containsPattern("bad\\.yml:\\d+:\\d+: ").hasLineCount(1);
      assertThat(DbSnapshot.of(fx.jdbcUrl())).isEqualTo(before);
    }
  }
}
