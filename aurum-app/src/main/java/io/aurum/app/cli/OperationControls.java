package io.aurum.app.cli;

import io.aurum.app.wiring.AppContext;
import io.aurum.core.model.Operation;
import java.time.Duration;

/**
 * What the operation controls do and say, shared by {@code pause}, {@code resume}, {@code cancel}
 * and the {@code backfill --pause|--resume|--cancel} forms.
 */
final class OperationControls {
  private OperationControls() {}

  /** Pauses operation {@code id} and says how to resume it (also {@code backfill --pause}). */
  static int pause(AppContext app, String id) {
    app.control().pause(id, app.cli().actor());
    app.cli()
        .out()
        .printf(
            "%s paused: in-flight tasks finish, no new ones start; resume with %s%n",
            id, StatusView.resumeCommand(app.control().get(id)));
    app.cli().out().flush();
    return 0;
  }

  /**
   * Resumes operation {@code id} in this process, in the foreground (also {@code backfill
   * --resume}); progress every {@code interval} seconds, by default the operation type's.
   */
  static int resume(AppContext app, String id, Integer interval, boolean errorDetails) {
    Operation op = app.control().get(id);
    if (app.control().submitted(id)) {
      // A submitted operation runs on the workers: resuming queues it for them again.
      app.control().requeue(id, app.cli().actor());
      app.cli()
          .out()
          .printf(
              "%s re-queued for the workers; follow it with aurum status --job-id %s%n", id, id);
      app.cli().out().flush();
      return 0;
    }
    Duration every =
        io.aurum.core.request.RequestRules.progressInterval(
            interval,
            app.config().defaults().of(op.type()).progressIntervalSeconds(),
            CliVocabulary.FLAGS);
    Credentials.require(
        op.source(),
        app.config().catalog().select(op.source(), op.spec().datasets()),
        app.locations().sandbox(),
        app.cli());
    return Runs.foreground(
        app,
        id,
        every,
        errorDetails,
        live -> app.operations(Listeners.logging()).resume(id, app.cli().actor(), live));
  }

  /** Cancels operation {@code id} (also {@code backfill --cancel}). */
  static int cancel(AppContext app, String id, boolean force) {
    app.control().cancel(id, force, app.cli().actor());
    app.cli()
        .out()
        .printf(
            "%s cancelled%s; remove staged leftovers with aurum cleanup --job-id %s%n",
            id, force ? " (in-flight work aborted)" : "", id);
    app.cli().out().flush();
    return 0;
  }
}
