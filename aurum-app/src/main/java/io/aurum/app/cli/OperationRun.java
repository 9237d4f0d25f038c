package io.aurum.app.cli;

import io.aurum.app.wiring.AppContext;
import io.aurum.core.error.AurumException;
import io.aurum.core.model.Operation;
import io.aurum.core.model.OperationType;
import io.aurum.core.usecase.Script;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/** Shared by replay and reprocess: reading the scripts flags name, and running the operation. */
final class OperationRun {
  private OperationRun() {}

  /**
   * The script a flag names: a file's name and text, or, when no such file exists and the name is a
   * bare word, a Java plugin of the plugins directory; null when the flag was not given. Core
   * checks it.
   */
  static Script script(Path file) {
    if (file == null) {
      return null;
    }
    if (!Files.exists(file) && file.getNameCount() == 1 && !file.toString().contains(".")) {
      return new Script.Plugin(file.toString());
    }
    try {
      return new Script.Text(file.toString(), Files.readString(file));
    } catch (java.nio.file.NoSuchFileException e) {
      throw new AurumException.NotFound(
          file
              + " does not exist: check the path (relative to "
              + Path.of("").toAbsolutePath()
              + ")");
    } catch (IOException e) {
      throw new AurumException.BadInput("cannot read " + file + ": " + e.getMessage());
    }
  }

  static int start(AppContext app, Operation op, OperationType type) {
    return start(app, op, type, app.cli().out());
  }

  /** As above, with how it ended printed to {@code out}. */
  static int start(AppContext app, Operation op, OperationType type, java.io.PrintWriter out) {
    var service = app.operations(Listeners.logging());
    int secs = app.config().defaults().of(type).progressIntervalSeconds();
    return Runs.foreground(
        app,
        op.id(),
        Duration.ofSeconds(Math.max(1, secs)),
        false,
        live -> service.start(op.id(), app.cli().actor(), live),
        out);
  }
}
