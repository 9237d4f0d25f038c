package io.aurum.core.usecase;

import io.aurum.core.error.AurumException;
import io.aurum.core.model.OperationParams.Transforms;
import io.aurum.core.transform.TransformFile;
import io.aurum.core.transform.TransformPlugins;
import java.util.Objects;

/**
 * A declarative script as a request carries it (custom transform, validation script, migration):
 * the text of a file with the name it is reported by, or the name of a Java plugin. Reading the
 * file is the caller's (the CLI reads it, an HTTP API would receive the text); checking it is
 * {@link #check}'s.
 */
public sealed interface Script permits Script.Text, Script.Plugin {

  /** A transform or validation file: {@code name} (its path, for messages) and its text. */
  record Text(String name, String text) implements Script {
    public Text {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(text, "text");
    }
  }

  /** A Java plugin of the plugins directory, by name. */
  record Plugin(String name) implements Script {
    public Plugin {
      Objects.requireNonNull(name, "name");
    }
  }

  /** {@code t} with {@code script} as its custom transform, checked. Null: {@code t}. */
  static Transforms transform(Script script, Transforms t) {
    check(script);
    return script instanceof Text x
        ? t.withCustomTransform(x.text())
        : script instanceof Plugin p ? t.withCustomPlugin(p.name()) : t;
  }

  /** {@code t} with {@code script} as its validation script, checked. Null: {@code t}. */
  static Transforms validation(Script script, Transforms t) {
    check(script);
    return script instanceof Text x
        ? t.withValidation(x.text())
        : script instanceof Plugin p ? t.withValidationPlugin(p.name()) : t;
  }

  /**
   * {@code t} with {@code script} as its schema migration, checked; a plugin runs as a custom
   * transform. Null: {@code t}.
   */
  public static Transforms migration(Script script, Transforms t) {
    check(script);
    return script instanceof Text x
        ? t.withMigration(x.text())
        : script instanceof Plugin p ? t.withCustomPlugin(p.name()) : t;
  }

  /** Checks the script: a file parses, a plugin exists. Null: nothing to check. */
  private static void check(Script script) {
    if (script instanceof Text t) {
      TransformFile.parse(t.name(), t.text());
    } else if (script instanceof Plugin p) {
      if (TransformPlugins.find(p.name()).isEmpty()) {
        throw new AurumException.BadInput(
            "no file "
                + p.name()
                + " and no plugin named "
                + p.name()
                + " in "
                + TransformPlugins.directory()
                + " (plugins found: "
                + (TransformPlugins.names().isEmpty()
                    ? "none"
                    : String.join(", ", TransformPlugins.names()))
                + ")");
      }
    }
  }
}
