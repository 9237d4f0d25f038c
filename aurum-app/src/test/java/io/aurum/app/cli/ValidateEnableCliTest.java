package io.aurum.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.aurum.app.testing.AurumCli;
import io.aurum.app.testing.CliFixture;
import io.aurum.core.model.PartitionKey;
import io.aurum.core.model.SourceId;
import io.aurum.core.model.TaskDraft;
import io.aurum.core.model.TaskState;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code aurum validate enable}: a paused operation resumes under the stricter gate. */
class ValidateEnableCliTest {
  @TempDir Path tmp;

  @Test
  void enabling_stricter_validation_on_a_paused_backfill_changes_the_gate_its_versions_pass()
      throws Exception {
    try (CliFixture fx = new CliFixture(tmp, false, 1000, 8)) {
      // A tighter plausible range than the repository's: some sandbox demand values fall outside.
      Path catalog = fx.config.resolve("datasets.json");
      java.nio.file.Files.writeString(
          catalog,
          java.nio.file.Files.readString(catalog)
              .replaceFirst("\"max_value\": 250000", "\"max_value\": 100000"));
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
      String id = "BACKFILL_20240103_EIA";
      fx.seedOperation(
          id,
          "BACKFILL_20240101_EIA",
          List.of(
              new TaskDraft(
                  new PartitionKey(SourceId.EIA, "ELEC.DEMAND", LocalDate.of(2024, 1, 2)),
                  null,
                  null),
              new TaskDraft(
                  new PartitionKey(SourceId.EIA, "ELEC.DEMAND", LocalDate.of(2024, 1, 3)),
                  null,
                  null)),
          true);
      var bad =
          AurumCli.run(
              fx.env(), "validate", "enable", "--operation-id", id, "--validation-checks", "speed");
      assertThat(bad.exit()).isEqualTo(2);
      assertThat(bad.err()).contains("unknown quality check 'speed'");

      // The default gate (threshold 0.5) published 2024-01-01 with its few out-of-range values;
      // an accuracy gate at 0.99 does not pass such days.
      var on =
          AurumCli.run(
              fx.env(),
              "validate",
              "enable",
              "--operation-id",
              id,
              "--validation-checks",
              "accuracy",
              "--validation-threshold",
              "0.99");
      assertThat(on.exit()).as(on.all()).isZero();
      assertThat(on.out())
          .contains("validation profile enhanced_validation, checks accuracy, threshold 0.99");

      var resumed = AurumCli.run(fx.env(), "resume", "--job-id", id);
      assertThat(resumed.exit()).isEqualTo(1);
      try (var store = fx.openStore()) {
        assertThat(store.tasks().list(id, Set.of(TaskState.FAILED)))
            .hasSize(2)
            .allMatch(
                t -> t.lastError().contains("quarantined") || t.lastError().contains("threshold"));
        assertThat(store.audit().entries(id)).anyMatch(e -> e.action().contains("spec"));
      }
      var finished =
          AurumCli.run(fx.env(), "validate", "enable", "--operation-id", "BACKFILL_20240101_EIA");
      assertThat(finished.exit()).isEqualTo(4);
    }
  }
}
