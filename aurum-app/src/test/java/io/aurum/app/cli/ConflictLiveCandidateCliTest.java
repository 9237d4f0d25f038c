package io.aurum.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.aurum.app.testing.AurumCli;
import io.aurum.app.testing.CliFixture;
import io.aurum.app.testing.DbSnapshot;
import io.aurum.core.model.Observation;
import io.aurum.core.model.PartitionKey;
import io.aurum.core.model.SourceId;
import io.aurum.core.model.TaskDraft;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A staged candidate that a running operation is still writing cannot be promoted by resolve. */
class ConflictLiveCandidateCliTest {
  @TempDir Path tmp;

  @Test
  void resolve_refuses_a_candidate_still_being_written_by_a_running_operation() throws Exception {
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
      PartitionKey day = new PartitionKey(SourceId.EIA, "ELEC.DEMAND", LocalDate.of(2024, 1, 1));
      fx.seedOperation(
          "REPLAY_20240101_EIA",
          "BACKFILL_20240101_EIA",
          List.of(new TaskDraft(day, null, null)),
          false);
      try (var store = fx.openStore()) {
        long task = store.tasks().list("REPLAY_20240101_EIA", Set.of()).get(0).id();
        long staged = store.versions().stage(day, "REPLAY_20240101_EIA", task, "v2.0");
        store
            .versions()
            .append(
                staged,
                List.of(
                    new Observation("PJM-D", Instant.parse("2024-01-01T05:00:00Z"), 1.0, "MWh")));
      }
      Path file = tmp.resolve("conflicts.json");
      var detect =
          AurumCli.run(
              fx.env(),
              "conflicts",
              "detect",
              "--source",
              "eia",
              "--date",
              "2024-01-01",
              "--datasets",
              "ELEC.DEMAND",
              "--output",
              file.toString());
      assertThat(detect.exit()).as(detect.all()).isEqualTo(5);
      var before = DbSnapshot.of(fx.jdbcUrl());
      var resolve =
          AurumCli.run(
              fx.env(),
              "conflicts",
              "resolve",
              "--conflict-file",
              file.toString(),
              "--resolution-strategy",
              "latest_wins");
      assertThat(resolve.exit()).isEqualTo(4);
      assertThat(resolve.err()).contains("is still being written by REPLAY_20240101_EIA (RUNNING)");
      assertThat(DbSnapshot.of(fx.jdbcUrl())).isEqualTo(before);
    }
  }
}
