package io.aurum.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.aurum.app.testing.AurumCli;
import io.aurum.app.testing.CliFixture;
import io.aurum.core.model.OperationState;
import io.aurum.store.JdbcStore;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CLI contract of the workers: {@code aurum worker}, {@code workers list} and {@code --submit}
 * need PostgreSQL and say so in one line (exit 2, nothing written); on PostgreSQL a submitted
 * backfill is queued, detached, and controlled from anywhere.
 */
class WorkersCliTest {
  @TempDir Path tmp;

  private static final String[] BACKFILL = {
    "backfill",
    "--source",
    "eia",
    "--datasets",
    "ELEC.DEMAND",
    "--start-date",
    "2024-01-01",
    "--end-date",
    "2024-01-31"
  };

  private static String[] with(String[] base, String... more) {
    return java.util.stream.Stream.concat(
            java.util.Arrays.stream(base), java.util.Arrays.stream(more))
        .toArray(String[]::new);
  }

  @Test
  void on_sqlite_worker_and_submit_are_refused_in_one_line_and_write_nothing() {
    try (CliFixture fx = new CliFixture(tmp, false, 1000, 4)) {
      for (String[] args :
          new String[][] {
            {"worker"},
            {"worker", "--sources", "eia", "--concurrency", "2"},
            with(BACKFILL, "--submit")
          }) {
        AurumCli.Result r = AurumCli.run(fx.env(), args);
        assertThat(r.exit()).as(r.all()).isEqualTo(2);
        assertThat(r.err().strip().lines().count()).as(r.err()).isEqualTo(1);
        assertThat(r.err()).contains("needs PostgreSQL").contains("--db-url");
        assertThat(r.all()).doesNotContain("Exception").doesNotContain("\tat ");
      }
      // The refused --submit planned nothing: no operation exists.
      if (Files.exists(fx.home.resolve("aurum.db"))) {
        try (JdbcStore store = fx.openStore()) {
          assertThat(store.operations().find("BACKFILL_20240131_EIA")).isEmpty();
        }
      }
    }
  }

  @Test
  void bad_worker_flags_are_refused_before_anything_opens() {
    try (CliFixture fx = new CliFixture(tmp, true, 1000, 4)) {
      for (String[] args :
          new String[][] {
            {"worker", "--concurrency", "0"},
            {"worker", "--lease-seconds", "1"},
            {"worker", "--metrics-port", "70000"},
            {"worker", "--sources", "nope"},
            {"workers", "list", "--dead-after-seconds", "0"},
            {"workers", "list", "--format", "csv"}
          }) {
        AurumCli.Result r = AurumCli.run(fx.env(), args);
        assertThat(r.exit()).as(String.join(" ", args) + ": " + r.all()).isEqualTo(2);
        assertThat(r.all()).doesNotContain("\tat ");
      }
    }
  }

  @Test
  void a_submitted_backfill_is_detached_queued_and_controlled_from_anywhere() throws Exception {
    try (CliFixture fx = new CliFixture(tmp, true, 1000, 4)) {
      AurumCli.Result sub = AurumCli.run(fx.env(), with(BACKFILL, "--submit"));
      assertThat(sub.exit()).as(sub.all()).isZero();
      String id = "BACKFILL_20240131_EIA";
      assertThat(sub.out()).contains(id + " DETACHED: submitted for the workers");
      // Nothing was fetched here: the workers fetch.
      assertThat(fx.sandbox.stats("eia").requests()).isZero();
      try (JdbcStore store = fx.openStore()) {
        assertThat(store.operations().find(id).orElseThrow().state())
            .isEqualTo(OperationState.RUNNING);
        assertThat(store.workers().submitted(id)).isTrue();
      }
      // No worker heartbeats yet: the queued operation is shown stalled, not driven.
      AurumCli.Result list = AurumCli.run(fx.env(), "workers", "list");
      assertThat(list.exit()).as(list.all()).isZero();
      assertThat(list.out()).contains("no live workers");
      AurumCli.Result json = AurumCli.run(fx.env(), "workers", "list", "--format", "json");
      assertThat(StatusView.JSON.readTree(json.out()).isArray()).isTrue();
      assertThat(StatusView.JSON.readTree(json.out()).size()).isZero();

      assertThat(AurumCli.run(fx.env(), "pause", "--job-id", id).exit()).isZero();
      AurumCli.Result resume = AurumCli.run(fx.env(), "resume", "--job-id", id);
      assertThat(resume.exit()).as(resume.all()).isZero();
      assertThat(resume.out()).contains(id + " re-queued for the workers");
      assertThat(fx.sandbox.stats("eia").requests()).isZero();
      try (JdbcStore store = fx.openStore()) {
        assertThat(store.operations().find(id).orElseThrow().state())
            .isEqualTo(OperationState.RUNNING);
      }
      // An emergency stop pauses it; the release queues it for the workers again, not here.
      AurumCli.Result stop =
          AurumCli.run(fx.env(), "emergency", "stop", "--source", "eia", "--reason", "drill");
      assertThat(stop.exit()).as(stop.all()).isZero();
      try (JdbcStore store = fx.openStore()) {
        assertThat(store.operations().find(id).orElseThrow().state())
            .isEqualTo(OperationState.PAUSED);
      }
      AurumCli.Result release =
          AurumCli.run(fx.env(), "emergency", "release", "--reason", "drill over");
      assertThat(release.exit()).as(release.all()).isZero();
      assertThat(release.out()).contains("resuming " + id + " on the workers");
      assertThat(fx.sandbox.stats("eia").requests()).isZero();
      try (JdbcStore store = fx.openStore()) {
        assertThat(store.operations().find(id).orElseThrow().state())
            .isEqualTo(OperationState.RUNNING);
      }
      assertThat(AurumCli.run(fx.env(), "cancel", "--job-id", id).exit()).isZero();
      try (JdbcStore store = fx.openStore()) {
        assertThat(store.operations().find(id).orElseThrow().state())
            .isEqualTo(OperationState.CANCELLED);
      }
    }
  }
}
