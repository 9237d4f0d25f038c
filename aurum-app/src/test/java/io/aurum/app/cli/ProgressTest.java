package io.aurum.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.aurum.core.engine.LiveProgress;
import io.aurum.core.model.Counters;
import io.aurum.core.model.OperationProgress;
import io.aurum.core.model.TaskState;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The progress display: a bar with tasks, records, rate, ETA and errors on a terminal; plain lines
 * otherwise.
 */
class ProgressTest {

  LiveProgress halfDone() {
    LiveProgress live = new LiveProgress();
    live.reset(
        new OperationProgress(
            Map.of(TaskState.SUCCEEDED, 50, TaskState.PENDING, 50),
            new Counters(1200, 50, 4096, 2, 1)));
    return live;
  }

  @Test
  void a_terminal_gets_a_bar_with_tasks_records_eta_and_errors() {
    StringWriter out = new StringWriter();
    try (Progress p =
        new Progress("OP", halfDone(), new PrintWriter(out), true, Duration.ofSeconds(300))) {
      assertThat(p.line())
          .startsWith("[###############---------------] 50/100 tasks (50.0%), 1200 records")
          .contains("50 API calls", "2 retries", "1 errors", "ETA");
    }
    assertThat(out.toString()).startsWith("\r[").endsWith("\n");
  }

  @Test
  void elsewhere_a_plain_line_without_control_characters() {
    StringWriter out = new StringWriter();
    try (Progress p =
        new Progress("OP", halfDone(), new PrintWriter(out), false, Duration.ofSeconds(300))) {
      assertThat(p.line()).startsWith("50/100 tasks (50.0%)").doesNotContain("\r", "[#");
    }
    // No line is due before the interval, and closing prints nothing off a terminal.
    assertThat(out.toString()).isEmpty();
  }

  @Test
  void a_wait_for_the_quota_is_said_on_the_line_until_it_ends() {
    LiveProgress live = halfDone();
    try (Progress p =
        new Progress(
            "OP", live, new PrintWriter(new StringWriter()), false, Duration.ofSeconds(300))) {
      live.waiting(
          "waiting for FRED quota: 429 Retry-After 20 s, resuming at 12:00:03",
          Duration.ofSeconds(20));
      assertThat(p.line())
          .endsWith("| waiting for FRED quota: 429 Retry-After 20 s, resuming at 12:00:03");
      live.waiting("circuit breaker of fred open", Duration.ZERO);
      assertThat(p.line()).doesNotContain("waiting", "breaker");
      live.waiting("circuit breaker of fred open", Duration.ofMinutes(1));
      live.doneWaiting();
      assertThat(p.line()).doesNotContain("breaker");
    }
  }
}
