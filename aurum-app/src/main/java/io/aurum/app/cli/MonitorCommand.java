package io.aurum.app.cli;

import io.aurum.app.wiring.AppContext;
import io.aurum.core.error.AurumException;
import io.aurum.core.model.OperationProgress;
import io.aurum.core.model.TaskState;
import io.aurum.core.ops.OperationService;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code aurum monitor} (runbook §1.4.2, §2.6.1): status lines of an operation. */
@Command(
    name = "monitor",
    mixinStandardHelpOptions = true,
    description =
        "Print a status line of an operation (state, tasks, records, rate, errors); with --follow,"
            + " one every --interval seconds until it ends. Exit 1 when it ends FAILED.")
public final class MonitorCommand extends Tool {
  @Mixin JobIdOption job;

  @Option(names = "--follow", description = "Keep printing until the operation ends.")
  boolean follow;

  @Option(names = "--interval", paramLabel = "SECONDS")
  double interval = 5;

  public MonitorCommand(CliContext cli) {
    super(cli);
  }

  @Override
  void validate() {
    job.require("monitor");
    if (!(interval > 0)) {
      throw new AurumException.BadInput("--interval must be above 0 seconds, got " + interval);
    }
  }

  @Override
  int run(AppContext app) {
    String id = job.require("monitor");
    OperationService control = app.control();
    long lastRecords = -1;
    Instant lastAt = null;
    while (true) {
      OperationService.Status s = control.status(id);
      OperationProgress p = s.progress();
      Instant now = cli.clock().instant();
      double rate;
      if (lastAt != null && now.isAfter(lastAt)) {
        rate =
            (p.counters().records() - lastRecords)
                / (Duration.between(lastAt, now).toMillis() / 1000.0);
      } else {
        Instant end = s.operation().state().terminal() ? s.operation().updatedAt() : now;
        double secs =
            Math.max(0.001, Duration.between(s.operation().createdAt(), end).toMillis() / 1000.0);
        rate = p.counters().records() / secs;
      }
      cli.out()
          .printf(
              Locale.ROOT,
              "%s %s %s tasks %d/%d done (%d succeeded, %d failed, %d skipped, %d running,"
                  + " %d pending) records %d rate %.1f/s errors %d retries %d%s%n",
              now,
              id,
              s.stall() == null
                  ? s.operation().state()
                  : s.shownState() + " (" + StatusView.stallHint(s.operation(), s.stall()) + ")",
              p.finished(),
              p.total(),
              p.count(TaskState.SUCCEEDED),
              p.count(TaskState.FAILED),
              p.count(TaskState.SKIPPED),
              p.count(TaskState.RUNNING),
              p.count(TaskState.PENDING),
              p.counters().records(),
              rate,
              p.counters().errors(),
              p.counters().retries(),
              s.operation().lastError() == null ? "" : " last error: " + s.operation().lastError());
      cli.out().flush();
      lastRecords = p.counters().records();
      lastAt = now;
      if (!follow || s.operation().state().terminal()) {
        return s.operation().state().name().equals("FAILED") && follow ? 1 : 0;
      }
      try {
        Thread.sleep((long) (interval * 1000));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return 130;
      }
    }
  }
}
