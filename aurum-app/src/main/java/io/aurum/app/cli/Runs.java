package io.aurum.app.cli;

import io.aurum.app.alerts.AlertWatch;
import io.aurum.app.wiring.AppContext;
import io.aurum.core.engine.LiveProgress;
import io.aurum.core.engine.MonitorLevel;
import io.aurum.core.engine.OperationRunner;
import io.aurum.core.model.Task;
import io.aurum.core.model.TaskState;
import io.aurum.core.ops.OperationService;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/** Runs an operation in the foreground with progress, then prints how it ended. */
final class Runs {
  private Runs() {}

  /** The {@code aurum_alerts_firing} gauge when this run serves metrics. */
  private static AlertWatch.Firing firing(AppContext app) {
    var m = app.metrics();
    return m == null ? AlertWatch.Firing.NONE : m::alertsFiring;
  }

  static int foreground(
      AppContext app,
      String id,
      Duration interval,
      boolean errorDetails,
      Function<LiveProgress, OperationRunner.Outcome> run) {
    return foreground(app, id, interval, errorDetails, run, app.cli().out());
  }

  /** As above, with how it ended printed to {@code out} (standard error under a JSON document). */
  static int foreground(
      AppContext app,
      String id,
      Duration interval,
      boolean errorDetails,
      Function<LiveProgress, OperationRunner.Outcome> run,
      PrintWriter out) {
    // A raised monitoring level (aurum emergency monitor) shortens the progress interval.
    interval =
        MonitorLevel.of(app.store().emergencies().active(app.cli().clock().instant()))
            .interval(interval);
    LiveProgress live = new LiveProgress();
    long start = System.nanoTime();
    OperationRunner.Outcome outcome;
    // Progress is not data: it goes to standard error, so standard output can be piped.
    OperationService control = app.control();
    String resume = StatusView.resumeCommand(control.get(id));
    try (SignalPause signals =
            SignalPause.install(control, id, resume, app.cli().actor(), app.cli().err());
        Progress p = new Progress(id, live, app.cli().err(), Progress.onTerminal(), interval);
        // Alert rules are evaluated while the operation runs (docs/alerts.md).
        AlertWatch alerts =
            AlertWatch.start(app.store(), app.cli().env(), app.cli().clock(), firing(app))) {
      outcome = run.apply(live);
    }
    OperationService.Status s = control.status(id);
    var c = s.progress().counters();
    out.printf(
        "%s %s: %d/%d tasks succeeded, %d failed, %d records, %d API calls, %s, %d retries, %d errors in %s%n",
        id,
        outcome,
        s.progress().count(TaskState.SUCCEEDED),
        s.progress().total(),
        s.progress().count(TaskState.FAILED),
        c.records(),
        c.apiCalls(),
        Format.bytes(c.bytes()),
        c.retries(),
        c.errors(),
        Format.duration(Duration.ofNanos(System.nanoTime() - start)));
    List<Task> failed = app.store().tasks().list(id, Set.of(TaskState.FAILED));
    if (!failed.isEmpty()) {
      out.printf(
          "%d partition(s) failed; they are listed in %s%n", failed.size(), app.failureLogDir());
      for (Task t : errorDetails ? failed : failed.subList(0, Math.min(3, failed.size()))) {
        out.printf("  %s: %s%n", t.partition(), t.lastError());
      }
      out.printf("retry them with: %s%n", resume);
    }
    switch (outcome) {
      case PAUSED -> {
        // Why the engine paused it (an upstream's Retry-After beyond the cap), when it did.
        String why = app.control().status(id).operation().lastError();
        if (why != null && !why.startsWith("WAITING_FOR_QUOTA")) {
          out.println(why);
        }
        out.printf("paused; continue with: %s%n", resume);
      }
      case CANCELLED ->
          out.printf("cancelled; remove staged leftovers with: aurum cleanup --job-id %s%n", id);
      default -> {}
    }
    out.flush();
    return switch (outcome) {
      case SUCCEEDED, PAUSED -> 0;
      case FAILED, CANCELLED -> 1;
    };
  }
}
