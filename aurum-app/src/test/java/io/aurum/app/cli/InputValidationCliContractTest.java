package io.aurum.app.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.aurum.app.Main;
import io.aurum.app.testing.AurumCli;
import io.aurum.app.testing.CliFixture;
import io.aurum.app.testing.DbSnapshot;
import io.aurum.core.model.Operation;
import io.aurum.core.model.OperationState;
import io.aurum.core.model.OperationType;
import io.aurum.core.model.PartitionKey;
import io.aurum.core.model.SourceId;
import io.aurum.core.model.TaskDraft;
import io.aurum.store.JdbcStore;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 16 item 4 end to end, on both stores: every request (flags, plan files, reprocess config
 * files) passes one rule set before the first write; a second backfill over partitions a live one
 * holds is refused naming it, or waits with --wait.
 */
abstract class InputValidationCliContractTest {
  static final String DS = "ELEC.DEMAND";

  @TempDir Path tmp;
  CliFixture fx;

  abstract boolean postgres();

  @BeforeEach
  void setUp() {
    fx = new CliFixture(tmp, postgres(), 1000, 8);
  }

  @AfterEach
  void tearDown() {
    fx.close();
  }

  AurumCli.Result aurum(String... args) {
    return AurumCli.run(fx.env(), args);
  }

  AurumCli.Result backfill(String start, String end, String... more) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "backfill",
                "--source",
                "eia",
                "--datasets",
                DS,
                "--start-date",
                start,
                "--end-date",
                end));
    args.addAll(List.of(more));
    return aurum(args.toArray(String[]::new));
  }

  /** Refused with {@code exit}, one line containing {@code message}, and nothing written. */
  void refused(int exit, String message, String... args) throws Exception {
    var before = DbSnapshot.of(fx.jdbcUrl());
    var r = aurum(args);
    assertThat(r.exit()).as(r.all()).isEqualTo(exit);
    assertThat(r.err().strip()).as(r.all()).doesNotContain("\n").contains(message);
    assertThat(r.all()).doesNotContain("Exception").doesNotContain("\tat ");
    assertThat(DbSnapshot.of(fx.jdbcUrl())).isEqualTo(before);
  }

  /** Saves a plan for 2024-01-02..03 and returns its text. */
  Path plan() throws Exception {
    Path file = tmp.resolve("plan.json");
    var r =
        aurum(
            "plan",
            "--source",
            "eia",
            "--datasets",
            DS,
            "--start-date",
            "2024-01-02",
            "--end-date",
            "2024-01-03",
            "--output",
            file.toString());
    assertThat(r.exit()).as(r.all()).isZero();
    return file;
  }

  Path edited(Path plan, String from, String to) throws Exception {
    String text = Files.readString(plan);
    assertThat(text).contains(from);
    Path out = tmp.resolve("edited-" + System.nanoTime() + ".json");
    Files.writeString(out, text.replace(from, to));
    return out;
  }

  static int lineOf(Path file, String text) throws Exception {
    List<String> lines = Files.readAllLines(file);
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).contains(text)) {
        return i + 1;
      }
    }
    throw new AssertionError(text + " not in " + file);
  }

  @Test
  void a_plan_file_with_concurrency_10000_is_refused_as_the_flag_is_naming_its_line()
      throws Exception {
    assertThat(backfill("2024-01-01", "2024-01-01").exit()).isZero();
    Path bad = edited(plan(), "\"concurrency\" : 3", "\"concurrency\" : 10000");
    refused(2, bad + ":" + lineOf(bad, "10000") + ":", "backfill", "--plan", bad.toString());
    refused(
        2,
        "spec.concurrency 10000 is above the 8 that the eia quota allows",
        "backfill",
        "--plan",
        bad.toString());
    refused(
        2,
        "--concurrency 10000 is above the 8 that the eia quota allows",
        "backfill",
        "--source",
        "eia",
        "--start-date",
        "2024-01-02",
        "--end-date",
        "2024-01-03",
        "--concurrency",
        "10000");
  }

  @Test
  void an_unknown_conflict_strategy_or_key_in_a_plan_is_refused_at_load_with_its_line()
      throws Exception {
    assertThat(backfill("2024-01-01", "2024-01-01").exit()).isZero();
    Path plan = plan();
    Path strategy = edited(plan, "\"latest_wins\"", "\"newest_wins\"");
    refused(
        2,
        strategy + ":" + lineOf(strategy, "newest_wins") + ":",
        "backfill",
        "--plan",
        strategy.toString());
    refused(2, "newest_wins", "backfill", "--plan", strategy.toString());
    Path key = edited(plan, "\"batch_size\"", "\"batchsize\"");
    refused(2, key + ":" + lineOf(key, "batchsize") + ":", "backfill", "--plan", key.toString());
    refused(2, "unknown key 'batchsize' in spec", "backfill", "--plan", key.toString());
  }

  @Test
  void an_edited_quota_key_is_recomputed_the_run_uses_the_sources_key() throws Exception {
    assertThat(backfill("2024-01-01", "2024-01-01").exit()).isZero();
    String real;
    try (JdbcStore store = fx.openStore()) {
      real =
          store.operations().find("BACKFILL_20240101_EIA").orElseThrow().spec().params().quotaKey();
    }
    assertThat(real).startsWith("key-");
    Path plan = plan();
    Path stolen =
        edited(plan, "\"quota_key\" : \"" + real + "\"", "\"quota_key\" : \"someone-else\"");
    var r = aurum("backfill", "--plan", stolen.toString());
    assertThat(r.exit()).as(r.all()).isZero();
    try (JdbcStore store = fx.openStore()) {
      Operation op = store.operations().find("BACKFILL_20240103_EIA").orElseThrow();
      assertThat(op.state()).isEqualTo(OperationState.SUCCEEDED);
      assertThat(op.spec().params().quotaKey()).isEqualTo(real);
    }
  }

  @Test
  void a_bad_progress_interval_leaves_the_store_unchanged() throws Exception {
    assertThat(backfill("2024-01-01", "2024-01-01").exit()).isZero();
    refused(
        2,
        "--progress-interval must be above 0 seconds",
        "backfill",
        "--source",
        "eia",
        "--datasets",
        DS,
        "--start-date",
        "2024-01-02",
        "--end-date",
        "2024-01-03",
        "--progress-interval",
        "-1");
    try (JdbcStore store = fx.openStore()) {
      assertThat(store.operations().list(Set.of()))
          .extracting(Operation::id)
          .containsExactly("BACKFILL_20240101_EIA");
    }
  }

  @Test
  void duplicated_datasets_make_one_task_set() throws Exception {
    String many = String.join(",", java.util.Collections.nCopies(10_000, DS)) + ",elec.demand";
    var r =
        aurum(
            "backfill",
            "--source",
            "eia",
            "--datasets",
            many,
            "--start-date",
            "2024-01-01",
            "--end-date",
            "2024-01-03");
    assertThat(r.exit()).as(r.all()).isZero();
    try (JdbcStore store = fx.openStore()) {
      var op = store.operations().find("BACKFILL_20240103_EIA").orElseThrow();
      assertThat(op.spec().datasets()).containsExactly(DS);
      assertThat(store.operations().progress(op.id()).total()).isEqualTo(3);
    }
  }

  @Test
  void a_reprocess_config_file_is_checked_by_schema_and_rules_and_a_missing_one_is_one_line()
      throws Exception {
    assertThat(backfill("2024-01-01", "2024-01-01").exit()).isZero();
    refused(
        3,
        "config file config/partial_reprocess_eia.json does not exist",
        "reprocess",
        "--source",
        "eia",
        "--date",
        "2024-01-01",
        "--hours",
        "10-16",
        "--config-file",
        "config/partial_reprocess_eia.json");
    Path unknown = tmp.resolve("partial.json");
    Files.writeString(unknown, "{\n  \"type\": \"time_window\",\n  \"max_concurent\": 2\n}\n");
    refused(
        2,
        unknown + ":3:3: unknown key 'max_concurent'",
        "reprocess",
        "--source",
        "eia",
        "--date",
        "2024-01-01",
        "--hours",
        "10-16",
        "--config-file",
        unknown.toString());
    Path tooMany = tmp.resolve("many.json");
    Files.writeString(tooMany, "{\n  \"max_concurrent\": 10000\n}\n");
    refused(
        2,
        tooMany + ":2:21: max_concurrent 10000 is above the 8 that the eia quota allows",
        "reprocess",
        "--source",
        "eia",
        "--date",
        "2024-01-01",
        "--hours",
        "10-16",
        "--config-file",
        tooMany.toString());
    refused(
        2,
        "--max-concurrent 10000 is above the 8",
        "reprocess",
        "--source",
        "eia",
        "--date",
        "2024-01-01",
        "--hours",
        "10-16",
        "--max-concurrent",
        "10000");
    refused(
        2,
        "--concurrency 10000 is above the 8",
        "replay",
        "--source",
        "eia",
        "--date-range",
        "2024-01-01:2024-01-01",
        "--reason",
        "x",
        "--concurrency",
        "10000");
  }

  /** Seeds a RUNNING backfill, driven by nobody, over 2024-01-02..03: a live holder. */
  void seedHolder() {
    List<TaskDraft> tasks = new ArrayList<>();
    for (int d = 2; d <= 3; d++) {
      tasks.add(
          new TaskDraft(new PartitionKey(SourceId.EIA, DS, LocalDate.of(2024, 1, d)), null, null));
    }
    fx.seedOperation("BACKFILL_HOLDER", "BACKFILL_20240101_EIA", tasks, false);
  }

  @Test
  void a_second_identical_backfill_is_refused_naming_the_holder_but_a_replay_goes_through()
      throws Exception {
    assertThat(backfill("2024-01-01", "2024-01-01").exit()).isZero();
    seedHolder();
    refused(
        4,
        "is held by backfill BACKFILL_HOLDER (RUNNING)",
        "backfill",
        "--source",
        "eia",
        "--datasets",
        DS,
        "--start-date",
        "2024-01-01",
        "--end-date",
        "2024-01-03");
    var replay =
        aurum(
            "replay",
            "--source",
            "eia",
            "--datasets",
            DS,
            "--date-range",
            "2024-01-02:2024-01-02",
            "--reason",
            "other types go through conflict resolution");
    assertThat(replay.exit()).as(replay.all()).isZero();
  }

  @Test
  void with_wait_a_second_backfill_waits_for_the_holder_then_plans_only_what_is_missing()
      throws Exception {
    assertThat(backfill("2024-01-01", "2024-01-01").exit()).isZero();
    seedHolder();
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CompletableFuture<Integer> waiting =
        CompletableFuture.supplyAsync(
            () ->
                Main.run(
                    new String[] {
                      "backfill",
                      "--source",
                      "eia",
                      "--datasets",
                      DS,
                      "--start-date",
                      "2024-01-01",
                      "--end-date",
                      "2024-01-03",
                      "--wait"
                    },
                    fx.env(),
                    new PrintWriter(out, true),
                    new PrintWriter(err, true),
                    Clock.systemUTC()));
    await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> err.toString().contains("waiting for backfill BACKFILL_HOLDER (RUNNING)"));
    assertThat(waiting).isNotDone();
    // Meanwhile another kind of operation fills 2024-01-02.
    var replay =
        aurum(
            "replay",
            "--source",
            "eia",
            "--datasets",
            DS,
            "--date-range",
            "2024-01-02:2024-01-02",
            "--reason",
            "fill one day");
    assertThat(replay.exit()).as(replay.all()).isZero();
    try (JdbcStore store = fx.openStore()) {
      store
          .operations()
          .transition(
              "BACKFILL_HOLDER", OperationState.RUNNING, OperationState.CANCELLED, "test", "done");
    }
    int exit = waiting.get(120, java.util.concurrent.TimeUnit.SECONDS);
    assertThat(exit).as(out + "" + err).isZero();
    assertThat(out.toString()).contains("1 partition(s) to fetch (2 covered already)");
    try (JdbcStore store = fx.openStore()) {
      var ops =
          store.operations().list(Set.of()).stream()
              .filter(o -> o.type() == OperationType.BACKFILL && !o.id().equals("BACKFILL_HOLDER"))
              .filter(o -> o.id().startsWith("BACKFILL_20240103"))
              .toList();
      assertThat(ops).hasSize(1);
      assertThat(store.operations().progress(ops.get(0).id()).total()).isEqualTo(1);
    }
  }

  @Test
  void the_refusal_does_not_apply_to_a_finished_backfill() throws Exception {
    assertThat(backfill("2024-01-01", "2024-01-01").exit()).isZero();
    var again = backfill("2024-01-01", "2024-01-02", "--force");
    assertThat(again.exit()).as(again.all()).isZero();
  }
}
