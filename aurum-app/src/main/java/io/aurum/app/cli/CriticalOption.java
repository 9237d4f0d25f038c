package io.aurum.app.cli;

import io.aurum.app.wiring.AppContext;
import io.aurum.core.engine.EmergencyCheck;
import io.aurum.core.model.Operation;
import io.aurum.core.model.SourceId;
import picocli.CommandLine.Option;

/**
 * {@code --critical} of backfill, replay and reprocess: an emergency stop that does not include
 * critical operations spares this one. Also where those commands refuse to start while an emergency
 * stands.
 */
public final class CriticalOption {
  @Option(
      names = "--critical",
      description =
          "A critical operation: aurum emergency stop spares it unless --include-critical.")
  boolean critical;

  /** Refuses (exit 4) before anything is created while a stop or isolation covers the source. */
  void refuseIfStopped(AppContext app, SourceId source) {
    EmergencyCheck.blocking(
            app.store(), null, source.cliName(), critical, app.cli().clock().instant())
        .ifPresent(e -> EmergencyCheck.refuse(e, "start a new operation on " + source.cliName()));
  }

  /** Records that the created operation is critical. */
  void mark(AppContext app, Operation op) {
    if (critical) {
      app.store().emergencies().markCritical(op.id());
    }
  }
}
