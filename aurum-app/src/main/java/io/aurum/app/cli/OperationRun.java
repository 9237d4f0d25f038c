package io.aurum.app.cli;

import io.aurum.app.wiring.AppContext;
import io.aurum.core.error.AurumException;
import io.aurum.core.model.Operation;
import io.aurum.core.model.OperationType;
import io.aurum.core.replay.ReplayPlanner;
import io.aurum.core.transform.TransformFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/** Shared by replay and reprocess: reading declarative files and running the operation. */
final class OperationRun {
  private OperationRun() {}

  /** Reads and validates a declarative file; stores its text in the spec under {@code key}. */
  static void readFile(Path file, String key, Map<String, String> extra) {
    if (file == null) {
      return;
    }
    String text;
    try {
      text = Files.readString(file);
    } catch (IOException e) {
      throw new AurumException.BadInput("cannot read " + file + ": " + e.getMessage());
    }
    TransformFile.parse(file.toString(), text);
    extra.put(key, text);
  }

  static ReplayPlanner planner(AppContext app) {
    return new ReplayPlanner(app.store(), app.config(), app.cli().clock());
  }

  static int start(AppContext app, Operation op, OperationType type) {
    var service = app.operations(Listeners.logging());
    int secs = app.config().defaults().of(type).progressIntervalSeconds();
    return Runs.foreground(
        app,
        op.id(),
        Duration.ofSeconds(Math.max(1, secs)),
        false,
        live -> service.start(op.id(), app.cli().actor(), live));
  }
}
