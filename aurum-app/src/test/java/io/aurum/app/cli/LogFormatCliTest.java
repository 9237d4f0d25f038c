package io.aurum.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.aurum.app.testing.AurumCli;
import io.aurum.app.testing.CliFixture;
import io.aurum.core.model.PartitionKey;
import io.aurum.core.model.SourceId;
import io.aurum.core.model.TaskDraft;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 19 part 6: {@code --log-format json} writes one JSON object a line to standard error, each
 * line of a run carries its operation id and source, each task's line its task and dataset, and the
 * run's events are there at the default level (start, resume, pause, the publish summary, retries,
 * quarantines); the human format stays the default; no credential reaches the log.
 */
class LogFormatCliTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path tmp;
  CliFixture fx;

  @BeforeEach
  void setUp() {
    fx = new CliFixture(tmp, false, 1000, 8);
  }

  @AfterEach
  void tearDown() {
    fx.close();
  }

  /** What a command line did and what it logged (logback writes to System.err). */
  record Logged(AurumCli.Result result, String log) {}

  static Logged logged(Supplier<AurumCli.Result> run) {
    PrintStream saved = System.err;
    ByteArrayOutputStream log = new ByteArrayOutputStream();
    System.setErr(new PrintStream(log, true, StandardCharsets.UTF_8));
    AurumCli.Result r;
    try {
      r = run.get();
    } finally {
      System.setErr(saved);
    }
    return new Logged(r, log.toString(StandardCharsets.UTF_8));
  }

  /** Every line of {@code log} parsed as JSON: one that is not fails the test. */
  static List<JsonNode> lines(String log) throws Exception {
    List<JsonNode> out = new ArrayList<>();
    for (String line : log.split("\n")) {
      if (!line.isBlank()) {
        out.add(JSON.readTree(line));
      }
    }
    return out;
  }

  static String message(JsonNode line) {
    return line.path("formattedMessage").asText();
  }

  static String mdc(JsonNode line, String key) {
    return line.path("mdc").path(key).asText(null);
  }

  static List<JsonNode> saying(List<JsonNode> lines, String text) {
    return lines.stream().filter(l -> message(l).contains(text)).toList();
  }

  @Test
  void a_json_backfill_logs_its_events_with_the_operation_task_source_and_dataset()
      throws Exception {
    // A 429 first: the retry is logged with its task's keys.
    fx.sandbox.faults("eia").throttleNext(1, 1);
    Logged run =
        logged(() -> fx.backfillEiaDemand("2024-01-01", "2024-01-10", "--log-format", "json"));

    assertThat(run.result().exit()).as(run.result().all()).isZero();
    List<JsonNode> lines = lines(run.log());
    String id = "BACKFILL_20240110_EIA";
    assertThat(saying(lines, "started by"))
        .singleElement()
        .satisfies(
            l -> {
              assertThat(l.path("level").asText()).isEqualTo("INFO");
              assertThat(mdc(l, "operation_id")).isEqualTo(id);
              assertThat(mdc(l, "source")).isEqualTo("eia");
            });
    assertThat(saying(lines, "runs in this process")).hasSize(1);
    assertThat(saying(lines, "backfill " + id + " succeeded: this run 10 partition(s) published"))
        .singleElement()
        .satisfies(l -> assertThat(mdc(l, "operation_id")).isEqualTo(id));
    List<JsonNode> retries = saying(lines, "retrying eia/ELEC.DEMAND/");
    assertThat(retries).isNotEmpty();
    for (JsonNode l : retries) {
      assertThat(mdc(l, "operation_id")).isEqualTo(id);
      assertThat(mdc(l, "source")).isEqualTo("eia");
      assertThat(mdc(l, "dataset")).isEqualTo("ELEC.DEMAND");
      assertThat(mdc(l, "task")).matches("\\d+");
    }
    // Every line of the run names it: the run's threads' and its events' (what the command logs
    // before the operation exists, opening the store, cannot).
    List<JsonNode> ofTheRun =
        lines.stream()
            .filter(
                l ->
                    l.path("threadName").asText().startsWith("aurum-")
                        || l.path("loggerName").asText().startsWith("aurum."))
            .toList();
    assertThat(ofTheRun).hasSizeGreaterThanOrEqualTo(4);
    for (JsonNode l : ofTheRun) {
      assertThat(mdc(l, "operation_id")).as(l.toString()).isEqualTo(id);
    }
    assertThat(run.log()).doesNotContain("test-key-0123456789");
    // Standard output keeps its summary: JSON logs change the logs only.
    assertThat(run.result().out()).contains(id + " SUCCEEDED");
  }

  @Test
  void a_quarantine_is_logged_with_its_task_and_dataset() throws Exception {
    // Every value out of the quality range: the gate holds every version.
    Path catalog = fx.config.resolve("datasets.json");
    Files.writeString(
        catalog,
        Files.readString(catalog).replaceFirst("\"max_value\": 250000", "\"max_value\": 1"));
    Logged run =
        logged(() -> fx.backfillEiaDemand("2024-01-01", "2024-01-02", "--log-format", "json"));

    List<JsonNode> lines = lines(run.log());
    List<JsonNode> held = saying(lines, "quarantined eia/ELEC.DEMAND/");
    assertThat(held).as(run.log()).hasSize(2);
    for (JsonNode l : held) {
      assertThat(l.path("level").asText()).isEqualTo("WARN");
      assertThat(mdc(l, "dataset")).isEqualTo("ELEC.DEMAND");
      assertThat(mdc(l, "task")).matches("\\d+");
      assertThat(message(l)).contains("as version id");
    }
    // Logged once, not again as a failure.
    assertThat(saying(lines, "failed eia/ELEC.DEMAND/")).isEmpty();
    assertThat(
            saying(lines, "this run 0 partition(s) published (0 rows), 2 failed (2 quarantined)"))
        .hasSize(1);
  }

  @Test
  void pause_and_resume_are_logged_and_the_env_variable_asks_for_json_too() throws Exception {
    assertThat(fx.backfillEiaDemand("2024-01-01", "2024-01-01").exit()).isZero();
    String id = "BACKFILL_20240103_EIA";
    fx.seedOperation(
        id,
        "BACKFILL_20240101_EIA",
        List.of(
            new TaskDraft(
                new PartitionKey(SourceId.EIA, "ELEC.DEMAND", LocalDate.of(2024, 1, 2)),
                null,
                null)),
        false);
    Map<String, String> env = new java.util.HashMap<>(fx.env());
    env.put("AURUM_LOG_FORMAT", "json");

    Logged pause = logged(() -> AurumCli.run(env, "pause", "--job-id", id));
    assertThat(pause.result().exit()).as(pause.result().all()).isZero();
    assertThat(saying(lines(pause.log()), "backfill " + id + " paused by"))
        .singleElement()
        .satisfies(l -> assertThat(mdc(l, "operation_id")).isEqualTo(id));

    Logged resume = logged(() -> AurumCli.run(env, "resume", "--job-id", id));
    assertThat(resume.result().exit()).as(resume.result().all()).isZero();
    List<JsonNode> lines = lines(resume.log());
    assertThat(saying(lines, "backfill " + id + " resumed (was PAUSED) by")).hasSize(1);
    assertThat(saying(lines, "succeeded: this run 1 partition(s) published")).hasSize(1);
  }

  @Test
  void the_human_format_stays_the_default() throws Exception {
    Logged run =
        logged(() -> fx.backfillEiaDemand("2024-01-01", "2024-01-01", "--log-level", "INFO"));

    assertThat(run.result().exit()).as(run.result().all()).isZero();
    assertThat(run.log())
        // The pattern of the logging configuration (the tests': logback-test.xml of aurum-store).
        .containsPattern(
            "(?m)^\\d{2}:\\d{2}:\\d{2}\\.\\d{3} .*INFO .*backfill BACKFILL_20240101_EIA started by")
        .doesNotContain("{\"");
    // And without --log-level, the human format's default level (WARN) hides the INFO events.
    Logged quiet = logged(() -> fx.backfillEiaDemand("2024-01-02", "2024-01-02"));
    assertThat(quiet.result().exit()).isZero();
    assertThat(quiet.log()).doesNotContain("INFO");
  }
}
