package io.aurum.app.cli;

import io.aurum.app.wiring.AppContext;
import io.aurum.core.error.AurumException;
import io.aurum.core.model.Operation;
import picocli.CommandLine.Option;

/**
 * {@code --submit} of backfill, replay and reprocess: the operation, validated and planned as ever,
 * is queued for the workers ({@code aurum worker}) on PostgreSQL instead of run here; its id is
 * printed and the command exits 0 (docs/cli.md, "Workers").
 */
public final class SubmitOption {
  @Option(
      names = "--submit",
      description =
          "Queue the operation for the workers (aurum worker, PostgreSQL only), print its id and return; status, pause, resume and cancel work on it from anywhere.")
  boolean submit;

  boolean asked() {
    return submit;
  }

  /**
   * Refuses {@code --submit} before anything is written when the store is SQLite (workers need
   * PostgreSQL), or with {@code other}, a flag that needs the run in this process (null: none).
   */
  void check(AppContext app, String other) {
    if (!submit) {
      return;
    }
    refuseSqlite(app, "--submit");
    if (other != null) {
      throw new AurumException.BadInput(
          "--submit cannot be combined with "
              + other
              + ": it needs the operation to run in this process; drop one of them");
    }
  }

  /** The one-line refusal of a command or flag that needs PostgreSQL. */
  static void refuseSqlite(AppContext app, String what) {
    if (app.locations().sqliteFile().isPresent()) {
      throw new AurumException.BadInput(
          what
              + " needs PostgreSQL, where workers share one queue: pass --db-url"
              + " jdbc:postgresql://HOST:5432/DB (or set AURUM_DB_URL); the store is "
              + app.locations().describeDb());
    }
  }

  /** Queues {@code op} (PLANNED) for the workers and says how to follow it. Returns 0. */
  static int submit(AppContext app, Operation op) {
    app.control().submit(op.id(), app.cli().actor());
    app.cli()
        .out()
        .printf(
            "%s DETACHED: submitted for the workers; follow it with aurum status --job-id %s%n",
            op.id(), op.id());
    app.cli().out().flush();
    return 0;
  }
}
