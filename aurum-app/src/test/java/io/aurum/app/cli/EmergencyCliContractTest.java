package io.aurum.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.aurum.app.testing.AurumCli;
import io.aurum.app.testing.CliFixture;
import io.aurum.core.model.OperationState;
import io.aurum.core.model.PartitionKey;
import io.aurum.core.model.SourceId;
import io.aurum.core.model.TaskDraft;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The runbook's emergency lines (§4.1.1) as written, in process, against the sandbox, on both
 * databases: stop, status, refusals while it stands, release resuming what it paused; isolation;
 * monitor.
 */
abstract class EmergencyCliContractTest {
  static final String SEEDED = "BACKFILL_20240110_EIA";
  @TempDir Path tmp;
  CliFixture fx;

  abstract boolean postgres();

  @BeforeEach
  void setUp() {
    fx = new CliFixture(tmp, postgres(), 1000, 8);
    AurumCli.Result first = fx.backfillEiaDemand("2024-01-01", "2024-01-02");
    assertThat(first.exit()).as(first.all()).isZero();
    // A RUNNING backfill that no process drives yet: what a stop pauses.
    fx.seedOperation(
        SEEDED,
        "BACKFILL_20240102_EIA",
        List.of(
            new TaskDraft(
                new PartitionKey(SourceId.EIA, "ELEC.DEMAND", LocalDate.of(2024, 1, 10)),
                null,
                null)),
        false);
  }

  @AfterEach
  void tearDown() {
    fx.close();
  }

  AurumCli.Result aurum(String... args) {
    return AurumCli.run(fx.env(), args);
  }

  OperationState state(String id) {
    try (var store = fx.openStore()) {
      return store.operations().find(id).orElseThrow().state();
    }
  }

  static void oneLineError(AurumCli.Result r, int exit, String text) {
    assertThat(r.exit()).as(r.all()).isEqualTo(exit);
    assertThat(r.err().strip().lines()).as(r.all()).hasSize(1);
    assertThat(r.err()).contains(text).doesNotContain("Exception");
  }

  @Test
  void stop_refuses_new_work_and_release_resumes_exactly_what_it_paused() throws Exception {
    AurumCli.Result stop =
        aurum("emergency", "stop", "--all", "--reason", "Data corruption detected");
    assertThat(stop.exit()).as(stop.all()).isZero();
    assertThat(stop.out()).contains("emergency stop #1 declared (all)").contains(SEEDED);
    assertThat(state(SEEDED)).isEqualTo(OperationState.PAUSED);

    AurumCli.Result status = aurum("emergency", "status", "--format", "json");
    JsonNode rows = new ObjectMapper().readTree(status.out());
    assertThat(rows).hasSize(1);
    assertThat(rows.get(0).get("kind").asText()).isEqualTo("stop");
    assertThat(rows.get(0).get("paused").asText()).isEqualTo(SEEDED);
    assertThat(rows.get(0).get("reason").asText()).isEqualTo("Data corruption detected");

    oneLineError(
        fx.backfillEiaDemand("2024-02-01", "2024-02-02"), 4, "end it with aurum emergency release");
    oneLineError(aurum("resume", "--job-id", SEEDED), 4, "emergency STOP #1");
    assertThat(state(SEEDED)).isEqualTo(OperationState.PAUSED);

    AurumCli.Result release = aurum("emergency", "release", "--reason", "restored");
    assertThat(release.exit()).as(release.all()).isZero();
    assertThat(release.out()).contains(SEEDED + " SUCCEEDED");
    assertThat(state(SEEDED)).isEqualTo(OperationState.SUCCEEDED);
    assertThat(aurum("emergency", "status").out()).contains("no active emergency");
    assertThat(fx.backfillEiaDemand("2024-02-01", "2024-02-02").exit()).isZero();
  }

  @Test
  void a_critical_backfill_runs_through_a_stop() {
    assertThat(aurum("emergency", "stop", "--all", "--reason", "drill").exit()).isZero();
    AurumCli.Result critical = fx.backfillEiaDemand("2024-03-01", "2024-03-02", "--critical");
    assertThat(critical.exit()).as(critical.all()).isZero();
    assertThat(critical.out()).contains("SUCCEEDED");
  }

  static final String[] CRITICAL_REPLAY = {
    "replay",
    "--source",
    "eia",
    "--datasets",
    "ELEC.DEMAND",
    "--date-range",
    "2024-01-01:2024-01-02",
    "--reason",
    "drill",
    "--critical"
  };
  static final String[] CRITICAL_REPROCESS = {
    "reprocess",
    "--source",
    "eia",
    "--datasets",
    "ELEC.DEMAND",
    "--date",
    "2024-01-01",
    "--hours",
    "0-5",
    "--reason",
    "drill",
    "--critical"
  };

  @Test
  void a_critical_replay_and_reprocess_run_through_a_stop() {
    assertThat(aurum("emergency", "stop", "--all", "--reason", "drill").exit()).isZero();
    assertThat(state(SEEDED)).isEqualTo(OperationState.PAUSED);
    AurumCli.Result replay = aurum(CRITICAL_REPLAY);
    assertThat(replay.exit()).as(replay.all()).isZero();
    assertThat(replay.out()).contains("SUCCEEDED");
    AurumCli.Result reprocess = aurum(CRITICAL_REPROCESS);
    assertThat(reprocess.exit()).as(reprocess.all()).isZero();
    assertThat(reprocess.out()).contains("SUCCEEDED");
    // The stop still stands for everything not critical.
    oneLineError(aurum("resume", "--job-id", SEEDED), 4, "emergency STOP #1");
  }

  @Test
  void a_stop_including_critical_stops_critical_replay_and_reprocess() {
    AurumCli.Result stop =
        aurum("emergency", "stop", "--all", "--include-critical", "--reason", "drill");
    assertThat(stop.exit()).as(stop.all()).isZero();
    oneLineError(aurum(CRITICAL_REPLAY), 4, "end it with aurum emergency release");
    oneLineError(aurum(CRITICAL_REPROCESS), 4, "end it with aurum emergency release");
    try (var store = fx.openStore()) {
      assertThat(
              store.operations().list(java.util.EnumSet.allOf(OperationState.class)).stream()
                  .map(io.aurum.core.model.Operation::type)
                  .toList())
          .as("nothing created while the stop stands")
          .doesNotContain(
              io.aurum.core.model.OperationType.REPLAY, io.aurum.core.model.OperationType.PARTIAL);
    }
  }

  @Test
  void stop_needs_a_reason_and_one_scope() {
    oneLineError(aurum("emergency", "stop", "--all"), 2, "needs --reason");
    oneLineError(
        aurum("emergency", "stop", "--all", "--source", "eia", "--reason", "x"), 2, "exactly one");
    oneLineError(aurum("emergency", "release"), 3, "no active emergency STOP");
  }

  @Test
  void isolation_blocks_the_source_keeps_reads_and_ends_with_release() {
    AurumCli.Result isolate = aurum("emergency", "isolate", "--source", "eia", "--isolate-kafka");
    assertThat(isolate.exit()).as(isolate.all()).isZero();
    assertThat(isolate.out()).contains("outbox rows of eia are held");
    assertThat(state(SEEDED)).isEqualTo(OperationState.PAUSED);
    try (var store = fx.openStore()) {
      assertThat(store.emergencies().relayableOutbox(100)).isEmpty();
    }
    oneLineError(
        fx.backfillEiaDemand("2024-02-01", "2024-02-02", "--critical"),
        4,
        "aurum emergency release --isolation --source eia");
    AurumCli.Result export =
        aurum(
            "export",
            "--source",
            "eia",
            "--datasets",
            "ELEC.DEMAND",
            "--date-range",
            "2024-01-01:2024-01-02",
            "--format",
            "csv");
    assertThat(export.exit()).as(export.all()).isZero();
    assertThat(export.out().lines().count()).isGreaterThan(1);

    AurumCli.Result release =
        aurum("emergency", "release", "--isolation", "--source", "eia", "--no-resume");
    assertThat(release.exit()).as(release.all()).isZero();
    assertThat(release.out()).contains("resume with: aurum backfill --resume --job-id " + SEEDED);
    try (var store = fx.openStore()) {
      assertThat(store.emergencies().relayableOutbox(100)).isNotEmpty();
    }
  }

  @Test
  void monitor_sets_a_level_that_status_shows_and_release_ends() {
    AurumCli.Result monitor = aurum("emergency", "monitor", "--level", "critical");
    assertThat(monitor.exit()).as(monitor.all()).isZero();
    assertThat(monitor.out()).contains("monitoring level critical until");
    assertThat(aurum("emergency", "status").out()).contains("monitor").contains("critical");
    oneLineError(aurum("emergency", "monitor", "--level", "panic"), 2, "unknown level 'panic'");
    assertThat(aurum("emergency", "release", "--monitor").exit()).isZero();
    assertThat(aurum("emergency", "status").out()).contains("no active emergency");
  }
}
