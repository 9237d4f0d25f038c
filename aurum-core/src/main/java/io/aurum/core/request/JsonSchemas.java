package io.aurum.core.request;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import com.networknt.schema.path.NodePath;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The JSON Schemas (draft 2020-12) of the files users hand to Aurum, kept as resources beside this
 * class ({@code schemas/NAME.schema.json}, described in docs/toolkit.md): {@link #PLAN}, {@link
 * #REPROCESS_CONFIG}, {@link #TRANSFORM} and the files of the configuration directory. A document
 * that breaks its schema is refused with the line and column of the first problem, an unknown key
 * by the line of the key. Thread-safe.
 */
public final class JsonSchemas {
  public static final String PLAN = "plan-file";
  public static final String REPROCESS_CONFIG = "reprocess-config";
  public static final String TRANSFORM = "transform";

  /** {@code emergency assess --output}, read back by {@code emergency plan}; as docs/schemas. */
  public static final String DAMAGE_REPORT = "damage-report";

  /** {@code emergency plan --output}, read back by {@code emergency recover}; as docs/schemas. */
  public static final String RECOVERY_PLAN = "recovery-plan";

  /**
   * The report {@code corruption detect} writes and {@code corruption isolate} reads back; as
   * docs/schemas (the build copies the documented schemas of the files read back into core).
   */
  public static final String CORRUPTION_REPORT = "corruption-report";

  /** {@code config/operation_defaults.json}. */
  public static final String OPERATION_DEFAULTS = "operation-defaults";

  /** {@code config/data_source_quotas.json}. */
  public static final String DATA_SOURCE_QUOTAS = "data-source-quotas";

  /** {@code config/datasets.json}. */
  public static final String DATASETS = "datasets";

  /** {@code config/quality_profiles.json}. */
  public static final String QUALITY_PROFILES = "quality-profiles";

  /** {@code config/cost_model.json}. */
  public static final String COST_MODEL = "cost-model";

  /** {@code config/upstream_limits.json}. */
  public static final String UPSTREAM_LIMITS = "upstream-limits";

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final tools.jackson.databind.ObjectMapper JSON3 =
      new tools.jackson.databind.ObjectMapper();
  private static final SchemaRegistry REGISTRY =
      SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);
  private static final Map<String, Loaded> SCHEMAS = new ConcurrentHashMap<>();

  private record Loaded(Schema schema, JsonNode tree) {}

  private JsonSchemas() {}

  /** The schema's text, e.g. for {@code aurum schema show}-like documentation. */
  public static JsonNode tree(String name) {
    return load(name).tree();
  }

  /**
   * The problems of {@code document} against the draft 2020-12 schema {@code schema} (both JSON
   * text), each as "instance path: message"; empty when it conforms. For schemas kept outside this
   * class's resources, such as those of the CLI's output in docs/schemas.
   */
  public static List<String> problems(String schema, String document) {
    Schema s = REGISTRY.getSchema(JSON3.readTree(schema));
    List<String> out = new ArrayList<>();
    for (Error e : s.validate(JSON3.readTree(document))) {
      String at = e.getInstanceLocation().toString();
      out.add((at.isEmpty() ? "$" : at) + ": " + e.getMessage());
    }
    return out;
  }

  static void check(JsonInput in, String name) {
    Loaded s = load(name);
    finiteNumbers(in, in.root(), "", "");
    List<Error> errors = new ArrayList<>(s.schema().validate(JSON3.readTree(in.root().toString())));
    if (errors.isEmpty()) {
      return;
    }
    // An unknown key first: a misspelt key also makes the right one "missing", and the
    // misspelling is what to fix.
    errors.sort(
        Comparator.comparingInt((Error e) -> "additionalProperties".equals(e.getKeyword()) ? 0 : 1)
            .thenComparingInt(e -> line(in, e))
            .thenComparingInt(e -> col(in, e)));
    Error first = errors.get(0);
    String more = errors.size() == 1 ? "" : " (and " + (errors.size() - 1) + " more problem(s))";
    int[] at = at(in, first);
    throw JsonInput.bad(in.file(), at[0], at[1], message(s.tree(), first) + more);
  }

  /**
   * Refuses a number too large for a double ({@code 1e400} reads as Infinity, which JSON cannot
   * hold, so a schema would see a string or nothing) at its place.
   */
  private static void finiteNumbers(JsonInput in, JsonNode n, String pointer, String path) {
    if (n.isNumber() && !Double.isFinite(n.asDouble())) {
      throw in.bad(
          pointer,
          (path.isEmpty() ? "the value" : path)
              + " is too large to be a number: use a finite number (at most 1.7e308)");
    }
    if (n.isContainerNode()) {
      if (n.isArray()) {
        for (int i = 0; i < n.size(); i++) {
          finiteNumbers(in, n.get(i), pointer + "/" + i, path + "[" + i + "]");
        }
      } else {
        n.fields()
            .forEachRemaining(
                e ->
                    finiteNumbers(
                        in,
                        e.getValue(),
                        pointer + "/" + escape(e.getKey()),
                        (path.isEmpty() ? "" : path + ".") + e.getKey()));
      }
    }
  }

  private static int line(JsonInput in, Error e) {
    return at(in, e)[0];
  }

  private static int col(JsonInput in, Error e) {
    return at(in, e)[1];
  }

  private static int[] at(JsonInput in, Error e) {
    String pointer = pointer(e.getInstanceLocation());
    if ("additionalProperties".equals(e.getKeyword()) && e.getProperty() != null) {
      return in.keyAt(pointer + "/" + escape(e.getProperty()));
    }
    return in.valueAt(pointer);
  }

  private static String message(JsonNode schema, Error e) {
    String path = dotted(e.getInstanceLocation());
    String in = path.isEmpty() ? "" : " in " + path;
    switch (e.getKeyword()) {
      case "additionalProperties" -> {
        List<String> allowed = allowedKeys(schema, e);
        return "unknown key '"
            + e.getProperty()
            + "'"
            + in
            + (allowed.isEmpty() ? "" : ": use one of " + String.join(", ", allowed))
            + " (a misspelt key would otherwise be silently ignored)";
      }
      case "required" -> {
        return "missing key '" + e.getProperty() + "'" + in;
      }
      case "enum", "const" -> {
        return (path.isEmpty() ? "value" : path)
            + " is "
            + e.getInstanceNode()
            + ": use "
            + allowedValues(e.getSchemaNode() == null ? null : e.getSchemaNode().toString());
      }
      case "minProperties", "minItems" -> {
        if (e.getSchemaNode() != null && e.getSchemaNode().asInt() == 1) {
          return (path.isEmpty() ? "the document" : path) + " is empty: give at least one entry";
        }
        return defaultMessage(path, e);
      }
      default -> {
        return defaultMessage(path, e);
      }
    }
  }

  private static String defaultMessage(String path, Error e) {
    String m = e.getMessage();
    // The library prefixes the instance path ("$.spec.concurrency: ..."); keep ours.
    int colon = m.indexOf(": ");
    if (m.startsWith("$") && colon > 0) {
      m = m.substring(colon + 2);
    }
    return (path.isEmpty() ? "the document" : path) + ": " + m;
  }

  /** An enum's values as a user writes them: {@code latest_wins, keep_existing or manual}. */
  private static String allowedValues(String json) {
    if (json == null) {
      return "an allowed value";
    }
    JsonNode values;
    try {
      values = JSON.readTree(json);
    } catch (IOException e) {
      return json;
    }
    if (!values.isArray()) {
      return values.isTextual() ? values.asText() : values.toString();
    }
    List<String> out = new ArrayList<>();
    values.forEach(
        v -> {
          if (!v.isNull()) {
            out.add(v.isTextual() ? v.asText() : v.toString());
          }
        });
    return out.size() <= 1
        ? String.join("", out)
        : String.join(", ", out.subList(0, out.size() - 1)) + " or " + out.get(out.size() - 1);
  }

  /** The property names the schema object holding the failed keyword declares. */
  private static List<String> allowedKeys(JsonNode schema, Error e) {
    NodePath fragment = e.getSchemaLocation().getFragment();
    JsonNode n = schema;
    for (int i = 0; i < fragment.getNameCount() - 1 && n != null; i++) {
      Object el = fragment.getElement(i);
      n = el instanceof Integer idx ? n.get(idx) : n.get(el.toString());
    }
    List<String> out = new ArrayList<>();
    if (n != null && n.has("properties")) {
      n.get("properties").fieldNames().forEachRemaining(out::add);
    }
    return out;
  }

  private static String pointer(NodePath p) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < p.getNameCount(); i++) {
      sb.append('/').append(escape(String.valueOf(p.getElement(i))));
    }
    return sb.toString();
  }

  private static String dotted(NodePath p) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < p.getNameCount(); i++) {
      Object el = p.getElement(i);
      if (el instanceof Integer idx) {
        sb.append('[').append(idx).append(']');
      } else {
        sb.append(sb.length() == 0 ? "" : ".").append(el);
      }
    }
    return sb.toString();
  }

  private static String escape(String key) {
    return key.replace("~", "~0").replace("/", "~1");
  }

  private static Loaded load(String name) {
    return SCHEMAS.computeIfAbsent(
        name,
        n -> {
          String resource = "schemas/" + n + ".schema.json";
          try (InputStream in = JsonSchemas.class.getResourceAsStream(resource)) {
            if (in == null) {
              throw new IllegalStateException("no schema resource " + resource);
            }
            byte[] bytes = in.readAllBytes();
            JsonNode tree = JSON.readTree(bytes);
            Schema schema = REGISTRY.getSchema(JSON3.readTree(bytes));
            return new Loaded(schema, tree);
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        });
  }
}
