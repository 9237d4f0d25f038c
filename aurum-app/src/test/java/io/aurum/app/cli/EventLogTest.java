package io.aurum.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.aurum.core.engine.LogContext;
import io.aurum.core.model.Counters;
import io.aurum.core.model.PartitionKey;
import io.aurum.core.model.Priority;
import io.aurum.core.model.SourceId;
import io.aurum.core.model.Task;
import io.aurum.core.model.TaskState;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * The events {@link EventLog} logs that a sandbox run does not easily show: a breaker opening and
 * closing (logged on the change, not on every reading) and a conflict, each with its task's keys.
 */
class EventLogTest {
  private final Logger engine = (Logger) LoggerFactory.getLogger("aurum.engine");
  private final ListAppender<ILoggingEvent> seen = new ListAppender<>();
  private Level level;

  @BeforeEach
  void listen() {
    level = engine.getLevel();
    engine.setLevel(Level.INFO);
    seen.start();
    engine.addAppender(seen);
  }

  @AfterEach
  void stop() {
    engine.detachAppender(seen);
    engine.setLevel(level);
  }

  private List<String> messages() {
    return seen.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
  }

  @Test
  void a_breaker_is_logged_when_it_opens_and_when_it_closes_only() {
    EventLog log = new EventLog();
    log.breakerState(SourceId.EIA, "eia", false);
    log.breakerState(SourceId.EIA, "eia", true);
    log.breakerState(SourceId.EIA, "eia", true);
    log.breakerState(SourceId.ISO, "iso/pjm", false);
    log.breakerState(SourceId.EIA, "eia", false);

    assertThat(messages())
        .containsExactly(
            "circuit breaker of eia opened: requests to it wait for its hold",
            "circuit breaker of eia closed: requests go again");
    assertThat(seen.list.get(0).getLevel()).isEqualTo(Level.WARN);
  }

  @Test
  void a_conflict_is_logged_with_its_task_and_counted_in_the_summary() {
    Task task =
        new Task(
            42,
            "REPLAY_20240131_EIA",
            new PartitionKey(SourceId.EIA, "ELEC.DEMAND", LocalDate.of(2024, 1, 2)),
            null,
            TaskState.RUNNING,
            Priority.NORMAL,
            0,
            null,
            null,
            null,
            null,
            null,
            null,
            Counters.ZERO,
            42);
    EventLog log = new EventLog();
    log.taskConflict(task, 7L, "keep_existing", "keep_existing");

    ILoggingEvent e = seen.list.get(0);
    assertThat(e.getFormattedMessage())
        .isEqualTo(
            "conflict on eia/ELEC.DEMAND/2024-01-02: its head moved to version id 7;"
                + " keep_existing settles it: keep_existing");
    assertThat(e.getMDCPropertyMap())
        .containsEntry(LogContext.TASK, "42")
        .containsEntry(LogContext.OPERATION_ID, "REPLAY_20240131_EIA")
        .containsEntry(LogContext.SOURCE, "eia")
        .containsEntry(LogContext.DATASET, "ELEC.DEMAND");
    // The keys were the line's only: the thread has none left.
    assertThat(org.slf4j.MDC.getCopyOfContextMap()).isNullOrEmpty();
  }
}
