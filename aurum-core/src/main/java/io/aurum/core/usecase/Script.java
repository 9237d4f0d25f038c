package io.aurum.core.usecase;

import io.aurum.core.error.AurumException;
import io.aurum.core.transform.TransformChain;
import io.aurum.core.transform.TransformFile;
import io.aurum.core.transform.TransformPlugins;
import java.util.Map;
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

  /**
   * Checks the script (a file parses, a plugin exists) and keeps it in {@code extra}: a text under
   * {@code key}, a plugin under the plugin key of a validation or of a transform. Null: nothing.
   */
  static void check(Script script, String key, Map<String, String> extra) {
    if (script instanceof Text t) {
      TransformFile.parse(t.name(), t.text());
      extra.put(key, t.text());
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
      extra.put(
          key.equals(TransformChain.VALIDATION)
              ? TransformChain.VALIDATION_PLUGIN
              : TransformChain.CUSTOM_PLUGIN,
          p.name());
    }
  }
}
