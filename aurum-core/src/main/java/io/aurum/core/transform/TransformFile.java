package io.aurum.core.transform;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.aurum.core.error.AurumException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A declarative migration, custom transform or validation script (docs/replay.md): JSON with {@code
 * steps} (rename, drop, derive, convert_unit) and {@code checks} (boolean expressions). Every error
 * names the file, line and column. Immutable, thread-safe.
 */
public final class TransformFile {
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(JsonParser.Feature.ALLOW_COMMENTS);
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

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

  /** Parses {@code text} read from {@code file} (used in messages). */
  public static TransformFile parse(String file, String text) {
    JsonNode root;
    boolean yaml = isYaml(file, text);
    try {
      root = yaml ? YAML.readTree(text) : JSON.readTree(text);
    } catch (JsonProcessingException e) {
      JsonLocation l = e.getLocation();
      throw bad(
          file,
          l == null ? 0 : l.getLineNr(),
          l == null ? 0 : l.getColumnNr(),
          e.getOriginalMessage());
    }
    if (root == null || !root.isObject()) {
      throw bad(file, 1, 1, "expected an object (JSON or YAML) with \"steps\" and/or \"checks\"");
    }
    Map<String, int[]> where = locations(text, yaml);
    List<Step> steps = new ArrayList<>();
    for (JsonNode s : root.path("steps")) {
      String op = s.path("op").asText("");
      int[] at = where.getOrDefault("op:" + op, new int[] {0, 0});
      switch (op) {
        case "rename" ->
            steps.add(
                new Step(op, need(file, s, "from", at), need(file, s, "to", at), null, null, 1));
        case "drop" -> steps.add(new Step(op, null, null, need(file, s, "field", at), null, 1));
        case "derive" ->
            steps.add(
                new Step(
                    op,
                    null,
                    null,
                    need(file, s, "field", at),
                    expr(file, need(file, s, "expr", at), where),
                    1));
        case "convert_unit" -> {
          if (!s.path("factor").isNumber()) {
            throw bad(file, at[0], at[1], "convert_unit needs a numeric \"factor\"");
          }
          steps.add(
              new Step(
                  op,
                  s.path("from").asText(null),
                  need(file, s, "to", at),
                  null,
                  null,
                  s.path("factor").asDouble()));
        }
        default ->
            throw bad(
                file,
                at[0],
                at[1],
                "unknown step op '" + op + "': use rename, drop, derive or convert_unit");
      }
    }
    List<Check> checks = new ArrayList<>();
    for (JsonNode c : root.path("checks")) {
      String e = c.path("expr").asText(null);
      if (e == null) {
        throw bad(file, 0, 0, "every check needs an \"expr\"");
      }
      checks.add(new Check(c.path("name").asText(e), expr(file, e, where)));
    }
    return new TransformFile(
        root.path("name").asText(file), root.path("schema_version").asText(null), steps, checks);
  }

  private static String need(String file, JsonNode n, String field, int[] at) {
    JsonNode v = n.get(field);
    if (v == null || !v.isTextual()) {
      throw bad(file, at[0], at[1], "step '" + n.path("op").asText() + "' needs \"" + field + "\"");
    }
    return v.asText();
  }

  private static Expr expr(String file, String text, Map<String, int[]> where) {
    try {
      return Expr.parse(text);
    } catch (Expr.ParseError e) {
      int[] at = where.getOrDefault("str:" + text, new int[] {0, 0});
      // The string starts after its opening quote.
      throw bad(file, at[0], at[1] + e.column, e.getMessage() + " in expression \"" + text + "\"");
    }
  }

  /** Line and column of each string value and op, by text (first occurrence). */
  private static Map<String, int[]> locations(String text, boolean yaml) {
    Map<String, int[]> out = new HashMap<>();
    try (JsonParser p =
        yaml
            ? new YAMLFactory().createParser(text)
            : new JsonFactory().enable(JsonParser.Feature.ALLOW_COMMENTS).createParser(text)) {
      String field = null;
      for (JsonToken t = p.nextToken(); t != null; t = p.nextToken()) {
        if (t == JsonToken.FIELD_NAME) {
          field = p.currentName();
        } else if (t == JsonToken.VALUE_STRING) {
          JsonLocation l = p.currentTokenLocation();
          int[] at = {l.getLineNr(), l.getColumnNr()};
          out.putIfAbsent("str:" + p.getText(), at);
          if ("op".equals(field)) {
            out.putIfAbsent("op:" + p.getText(), at);
          }
        }
      }
    } catch (IOException e) {
      // Already parsed once: cannot happen.
    }
    return out;
  }

  /**
   * Migration, transform and validation files may be YAML ({@code .yaml}, {@code .yml}) or JSON.
   */
  static boolean isYaml(String file, String text) {
    String f = file.toLowerCase(java.util.Locale.ROOT);
    if (f.endsWith(".yaml") || f.endsWith(".yml")) {
      return true;
    }
    if (f.endsWith(".json")) {
      return false;
    }
    // Stored with an operation, the text has no file name: a JSON document starts with '{' (or a
    // comment), anything else is YAML.
    String t = text.stripLeading();
    return !t.startsWith("{") && !t.startsWith("/");
  }

  private static AurumException.BadInput bad(String file, int line, int column, String why) {
    return new AurumException.BadInput(
        file + ":" + line + ":" + column + ": " + why.replaceAll("\\s+", " "));
  }
}
