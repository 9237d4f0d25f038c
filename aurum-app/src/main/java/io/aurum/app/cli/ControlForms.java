package io.aurum.app.cli;

import io.aurum.app.wiring.AppContext;
import io.aurum.core.error.AurumException;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The runbook's control forms of {@code backfill} (§1.5): {@code --pause}, {@code --resume}, {@code
 * --status} and {@code --cancel} with {@code --job-id}, the same as {@code aurum pause}, {@code
 * resume}, {@code status} and {@code cancel}.
 */
@Command
final class ControlForms {
  @Option(
      names = "--pause",
      description = "Pause the backfill --job-id: in-flight tasks finish, nothing new starts.")
  boolean pause;

  @Option(
      names = "--resume",
      description = "Resume the backfill --job-id from its last successful point.")
  boolean resume;

  @Option(names = "--status", description = "Show the backfill --job-id and its resume point.")
  boolean status;

  @Option(
      names = "--cancel",
      description = "Cancel the backfill --job-id (with --force: abort in-flight work).")
  boolean cancel;

  /** Whether one form was asked; refused when several were, or one with a range. */
  boolean asked(boolean withRange) {
    long forms = Stream.of(pause, resume, status, cancel).filter(b -> b).count();
    if (forms > 1) {
      throw new AurumException.BadInput(
          "use one of --pause, --resume, --status and --cancel at a time");
    }
    if (forms == 1 && withRange) {
      throw new AurumException.BadInput(
          "--pause, --resume, --status and --cancel take only --job-id, not --source or dates");
    }
    return forms == 1;
  }

  /** Runs the asked form on the backfill {@code job}. */
  int run(
      AppContext app,
      JobIdOption job,
      boolean force,
      Integer progressInterval,
      boolean errorDetails,
      String format) {
    if (pause) {
      return OperationControls.pause(app, job.require("backfill --pause"));
    }
    if (cancel) {
      return OperationControls.cancel(app, job.require("backfill --cancel"), force);
    }
    if (resume) {
      return OperationControls.resume(
          app, job.require("backfill --resume"), progressInterval, errorDetails);
    }
    String id = job.require("backfill --status");
    StatusView.render(app.control().status(id), app.store(), format, app.cli().out());
    return 0;
  }
}
