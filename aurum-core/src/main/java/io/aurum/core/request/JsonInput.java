package io.aurum.core.request;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.aurum.core.error.AurumException;
import io.aurum.core.error.NextStep;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A JSON or YAML document a user handed in (a plan file, an operation config file, a migration or
 * transform), with the line and column of every key and value, so that every complaint about it
 * names the place: {@code FILE:LINE:COLUMN: what is wrong}. Checked against a JSON Schema with
 * {@link JsonSchemas}. Immutable, thread-safe.
 */
public final class JsonInput {
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(JsonParser.Feature.ALLOW_COMMENTS);
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  private final String file;
  private final JsonNode root;
  private final Map<String, int[]> values;
  private final Map<String, int[]> keys;

  private JsonInput(
      String file, JsonNode root, Map<String, int[]> values, Map<String, int[]> keys) {
    this.file = file;
    this.root = root;
    this.values = values;
    this.keys = keys;
  }

  /**
   * Reads {@code path}; {@code what} names the kind of file in messages ("plan file", "config
   * file"). A missing file is {@link AurumException.NotFound} (exit 3), like every other file a
   * user names on the command line.
   */
  public static JsonInput read(Path path, String what) {
    String text;
    try {
      text = Files.readString(path);
    } catch (NoSuchFileException e) {
      throw new AurumException.NotFound(
          what + " " + path + " does not exist: check the path (relative to " + cwd() + ")");
    } catch (IOException e) {
      throw new AurumException.BadInput("cannot read " + what + " " + path + ": " + e.getMessage());
    }
    return parse(path.toString(), text, isYaml(path.toString(), text));
  }

  /**
   * The JSON tree of {@code file}, a file one aurum command wrote for another to read back ({@code
   * writer}: the step that writes it, e.g. {@link NextStep#writeConflictFile}), parsed with {@code
   * mapper}. A missing file is {@link AurumException.NotFound} with {@code noFile}; one that cannot
   * be read, or is not JSON, is {@link AurumException.BadInput}, a parse error named by {@code
   * FILE:LINE:COLUMN}.
   */
  public static JsonNode readWritten(
      Path file, ObjectMapper mapper, String noFile, NextStep writer) {
    String text;
    try {
      text = Files.readString(file);
    } catch (NoSuchFileException e) {
      throw new AurumException.NotFound(noFile);
    } catch (java.nio.charset.CharacterCodingException e) {
      throw new AurumException.BadInput(
          v ->
              "cannot read "
                  + file
                  + ": it is not UTF-8 text; pass the file "
                  + v.step(writer)
                  + " wrote");
    } catch (IOException e) {
      String why = Files.isDirectory(file) ? "it is a directory" : String.valueOf(e.getMessage());
      throw new AurumException.BadInput(
          v -> "cannot read " + file + ": " + why + "; pass the file " + v.step(writer) + " wrote");
    }
    try {
      return mapper.readTree(text);
    } catch (JsonProcessingException e) {
      JsonLocation l = e.getLocation();
      throw new AurumException.BadInput(
          file
              + ":"
              + (l == null ? 0 : l.getLineNr())
              + ":"
              + (l == null ? 0 : l.getColumnNr())
              + ": "
              + e.getOriginalMessage().replace('\n', ' '));
    }
  }

  private static String cwd() {
    return Path.of("").toAbsolutePath().toString();
  }

  /** Parses {@code text} (named {@code file} in messages). */
  public static JsonInput parse(String file, String text, boolean yaml) {
    JsonNode root;
    try {
      root = yaml ? YAML.readTree(text) : JSON.readTree(text);
    } catch (JsonProcessingException e) {
      JsonLocation l = e.getLocation();
      throw bad(
          file,
          l == null ? 0 : l.getLineNr(),
          l == null ? 0 : l.getColumnNr(),
          (yaml ? "not valid YAML: " : "not valid JSON: ") + e.getOriginalMessage());
    }
    if (root == null || root.isMissingNode()) {
      throw bad(file, 1, 1, "the file is empty");
    }
    Map<String, int[]> values = new HashMap<>();
    Map<String, int[]> keys = new HashMap<>();
    index(text, yaml, values, keys);
    return new JsonInput(file, root, values, keys);
  }

  /**
   * YAML for {@code .yaml}/{@code .yml}, JSON for {@code .json}; otherwise (text stored with an
   * operation has no file name) JSON when it starts with '{' or a comment.
   */
  public static boolean isYaml(String file, String text) {
    String f = file.toLowerCase(Locale.ROOT);
    if (f.endsWith(".yaml") || f.endsWith(".yml")) {
      return true;
    }
    if (f.endsWith(".json")) {
      return false;
    }
    String t = text.stripLeading();
    return !t.startsWith("{") && !t.startsWith("/");
  }

  public String file() {
    return file;
  }

  public JsonNode root() {
    return root;
  }

  /** Checks the document against a schema of {@link JsonSchemas}; the first problem is thrown. */
  public JsonInput check(String schema) {
    JsonSchemas.check(this, schema);
    return this;
  }

  /** Line and column of the value at {@code pointer} ({@code /spec/concurrency}), or 0, 0. */
  public int[] valueAt(String pointer) {
    int[] at = values.get(pointer);
    for (String p = pointer; at == null && !p.isEmpty(); ) {
      p = p.substring(0, p.lastIndexOf('/'));
      at = values.get(p);
    }
    return at == null ? new int[] {0, 0} : at;
  }

  /** Line and column of the key naming {@code pointer}, else of its value. */
  public int[] keyAt(String pointer) {
    int[] at = keys.get(pointer);
    return at != null ? at : valueAt(pointer);
  }

  /** {@code FILE:LINE:COLUMN} of the value at {@code pointer}. */
  public String where(String pointer) {
    int[] at = valueAt(pointer);
    return file + ":" + at[0] + ":" + at[1];
  }

  /** Bad input at the value of {@code pointer}. */
  public AurumException.BadInput bad(String pointer, String why) {
    int[] at = valueAt(pointer);
    return bad(file, at[0], at[1], why);
  }

  /** Bad input at the key of {@code pointer}. */
  public AurumException.BadInput badKey(String pointer, String why) {
    int[] at = keyAt(pointer);
    return bad(file, at[0], at[1], why);
  }

  /**
   * The {@link Origin} of values read from this file: a field {@code concurrency} under {@code
   * prefix} {@code /spec} is named {@code FILE:LINE:COL: spec.concurrency}.
   */
  public Origin origin(String prefix) {
    return field -> {
      String pointer = prefix + "/" + field;
      return where(pointer) + ": " + (prefix + "/" + field).substring(1).replace('/', '.');
    };
  }

  public static AurumException.BadInput bad(String file, int line, int column, String why) {
    return new AurumException.BadInput(
        file + ":" + line + ":" + column + ": " + why.replaceAll("\\s+", " "));
  }

  private static void index(
      String text, boolean yaml, Map<String, int[]> values, Map<String, int[]> keys) {
    JsonFactory f =
        yaml ? new YAMLFactory() : new JsonFactory().enable(JsonParser.Feature.ALLOW_COMMENTS);
    try (JsonParser p = f.createParser(text)) {
      for (JsonToken t = p.nextToken(); t != null; t = p.nextToken()) {
        JsonLocation l = p.currentTokenLocation();
        int[] at = {l.getLineNr(), l.getColumnNr()};
        JsonStreamContext ctx = p.getParsingContext();
        if (t == JsonToken.FIELD_NAME) {
          keys.putIfAbsent(ctx.pathAsPointer().toString(), at);
        } else if (t == JsonToken.START_OBJECT || t == JsonToken.START_ARRAY) {
          JsonStreamContext parent = ctx.getParent();
          values.putIfAbsent(parent == null ? "" : parent.pathAsPointer().toString(), at);
        } else if (t != JsonToken.END_OBJECT && t != JsonToken.END_ARRAY) {
          values.putIfAbsent(ctx.pathAsPointer().toString(), at);
        }
      }
    } catch (IOException e) {
      // Parsed once already: cannot happen.
    }
  }
}
