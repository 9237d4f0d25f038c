package io.aurum.core.transform;

import com.fasterxml.jackson.databind.JsonNode;
import io.aurum.core.error.AurumException;
import io.aurum.core.request.JsonInput;
import io.aurum.core.request.JsonSchemas;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A declarative migration, custom transform or validation script (docs/replay.md): JSON with {@code
 * steps} (rename, drop, derive, convert_unit) and {@code checks} (boolean expressions). Every error
 * names the file, line and column. Immutable, thread-safe.
 */
public final class TransformFile {
  /** One step. Fields not used by the kind are null. */
  public record Step(String op, String from, String to, String field, Expr expr, double factor) {}

  /** One validation check. */
  public record Check(String name, Expr expr) {}

  private final String name;
  private final String schemaVersion;
  private final List<Step> steps;
  private final List<Check> checks;

  private TransformFile(String name, String schemaVersion, List<Step> steps, List<Check> checks) {
    this.name = name;
    this.schemaVersion = schemaVersion;
    this.steps = List.copyOf(steps);
    this.checks = List.copyOf(checks);
  }

  public String name() {
    return name;
  }

  public String schemaVersion() {
    return schemaVersion;
  }

  public List<Step> steps() {
    return steps;
  }

  public List<Check> checks() {
    return checks;
  }

  /** The keys each step op takes; any other key is an error naming its line. */
  private static final Map<String, List<String>> KEYS =
      Map.of(
          "rename", List.of("op", "from", "to"),
          "drop", List.of("op", "field"),
          "derive", List.of("op", "field", "expr"),
          "convert_unit", List.of("op", "from", "to", "factor"));

  /**
   * Parses {@code text} read from {@code file} (used in messages): its JSON Schema first, so an
   * unknown or misspelt key is refused with its line instead of being silently ignored, then the
   * keys each step's op takes, then every expression.
   */
  public static TransformFile parse(String file, String text) {
    JsonInput in = JsonInput.parse(file, text, JsonInput.isYaml(file, text));
    if (!in.root().isObject()) {
      throw bad(file, 1, 1, "expected an object (JSON or YAML) with \"steps\" and/or \"checks\"");
    }
    in.check(JsonSchemas.TRANSFORM);
    JsonNode root = in.root();
    List<Step> steps = new ArrayList<>();
    JsonNode stepNodes = root.path("steps");
    for (int i = 0; i < stepNodes.size(); i++) {
      JsonNode s = stepNodes.get(i);
      String at = "/steps/" + i;
      String op = s.path("op").asText("");
      List<String> allowed = KEYS.get(op);
      for (java.util.Iterator<String> k = s.fieldNames(); k.hasNext(); ) {
        String key = k.next();
        if (!allowed.contains(key)) {
          throw in.badKey(
              at + "/" + key,
              "step '"
                  + op
                  + "' takes no key '"
                  + key
                  + "': it takes "
                  + String.join(", ", allowed));
        }
      }
      switch (op) {
        case "rename" ->
            steps.add(new Step(op, need(in, s, at, "from"), need(in, s, at, "to"), null, null, 1));
        case "drop" -> steps.add(new Step(op, null, null, need(in, s, at, "field"), null, 1));
        case "derive" ->
            steps.add(
                new Step(
                    op,
                    null,
                    null,
                    need(in, s, at, "field"),
                    expr(in, at + "/expr", need(in, s, at, "expr")),
                    1));
        default -> {
          if (!s.path("factor").isNumber()) {
            throw in.bad(at, "convert_unit needs a numeric \"factor\"");
          }
          steps.add(
              new Step(
                  op,
                  s.path("from").asText(null),
                  need(in, s, at, "to"),
                  null,
                  null,
                  s.path("factor").asDouble()));
        }
      }
    }
    List<Check> checks = new ArrayList<>();
    JsonNode checkNodes = root.path("checks");
    for (int i = 0; i < checkNodes.size(); i++) {
      JsonNode c = checkNodes.get(i);
      String e = c.path("expr").asText();
      checks.add(new Check(c.path("name").asText(e), expr(in, "/checks/" + i + "/expr", e)));
    }
    return new TransformFile(
        root.path("name").asText(file), root.path("schema_version").asText(null), steps, checks);
  }

  private static String need(JsonInput in, JsonNode n, String at, String field) {
    JsonNode v = n.get(field);
    if (v == null || !v.isTextual() || v.asText().isBlank()) {
      throw in.bad(at, "step '" + n.path("op").asText() + "' needs \"" + field + "\"");
    }
    return v.asText();
  }

  private static Expr expr(JsonInput in, String pointer, String text) {
    try {
      return Expr.parse(text);
    } catch (Expr.ParseError e) {
      int[] at = in.valueAt(pointer);
      // A quoted string starts after its opening quote.
      throw bad(
          in.file(), at[0], at[1] + e.column, e.getMessage() + " in expression \"" + text + "\"");
    }
  }

  private static AurumException.BadInput bad(String file, int line, int column, String why) {
    return new AurumException.BadInput(
        file + ":" + line + ":" + column + ": " + why.replaceAll("\\s+", " "));
  }
}
