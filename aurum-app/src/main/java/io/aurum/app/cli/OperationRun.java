package io.aurum.app.cli;

import io.aurum.app.wiring.AppContext;
import io.aurum.core.error.AurumException;
import io.aurum.core.model.Operation;
import io.aurum.core.model.OperationType;
import io.aurum.core.replay.ReplayPlanner;
import io.aurum.core.transform.TransformChain;
import io.aurum.core.transform.TransformFile;
import io.aurum.core.transform.TransformPlugins;
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
    if (!Files.exists(file) && file.getNameCount() == 1 && !file.toString().contains(".")) {
      // Not a file: the name of a Java plugin in the plugins directory.
      String name = file.toString();
      if (TransformPlugins.find(name).isEmpty()) {
        throw new AurumException.BadInput(
            "no file "
                + file
                + " and no plugin named "
                + name
                + " in "
                + TransformPlugins.directory()
                + " (plugins found: "
                + (TransformPlugins.names().isEmpty()
                    ? "none"
                    : String.join(", ", TransformPlugins.names()))
                + ")");
      }
      extra.put(
          key.equals(TransformChain.VALIDATION)
              ? TransformChain.VALIDATION_PLUGIN
              : TransformChain.CUSTOM_PLUGIN,
          name);
      return;
    }
    String text;
    try {
      text = Files.readString(file);
    } catch (java.nio.file.NoSuchFileException e) {
      throw new AurumException.NotFound(
          file
              + " does not exist: check the path (relative to "
              + Path.of("").toAbsolutePath()
              + ")");
    } catch (IOException e) {
      throw new AurumException.BadInput("cannot read " + file + ": " + e.getMessage());
    }
    TransformFile.parse(file.toString(), text);
    extra.put(key, text);
  }

  static ReplayPlanner planner(AppContext app) {
    return new ReplayPlanner(app.store(), app.connectors(), app.config(), app.cli().clock());
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
