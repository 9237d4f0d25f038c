package io.aurum.core.transform;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.aurum.core.error.AurumException;
import io.aurum.core.model.Dataset;
import io.aurum.core.model.Observation;
import io.aurum.core.model.Operation;
import io.aurum.core.model.OperationParams;
import io.aurum.core.model.OperationType;
import io.aurum.core.model.PartitionKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The transforms an operation runs between fetch and the quality gate, built from its spec: a
 * schema migration, a custom transform, a versioned algorithm, and validation checks. It stamps
 * every row with its provenance (operation, fetch time, transform and algorithm versions).
 * Immutable, thread-safe.
 */
public final class TransformChain {
  private final String operationId;
  private final boolean stamp;
  private final List<TransformFile> files;
  private final List<TransformFile.Check> checks;
  private final Algorithms.Algorithm algorithm;
  private final Map<String, Double> params;
  private final List<String> names;
  private final String schemaVersion;
  private final TransformPlugin transformPlugin;
  private final TransformPlugin validationPlugin;

  private TransformChain(Operation op) {
    OperationParams.Transforms x = op.spec().params().transforms();
    this.operationId = op.id();
    this.files = new ArrayList<>();
    this.names = new ArrayList<>();
    List<TransformFile.Check> cs = new ArrayList<>();
    String[][] scripts = {
      {"migration_script_text", x.migration()}, {"custom_transform_text", x.customTransform()}
    };
    for (String[] script : scripts) {
      if (script[1] != null) {
        TransformFile f = TransformFile.parse(script[0], script[1]);
        files.add(f);
        names.add(f.name() + (f.schemaVersion() == null ? "" : "@" + f.schemaVersion()));
        cs.addAll(f.checks());
      }
    }
    if (x.validation() != null) {
      TransformFile v = TransformFile.parse("validation", x.validation());
      cs.addAll(v.checks());
      names.add("validation:" + v.name());
    }
    this.transformPlugin = plugin(x.customPlugin());
    this.validationPlugin = plugin(x.validationPlugin());
    if (transformPlugin != null) {
      names.add("plugin:" + transformPlugin.name());
    }
    if (validationPlugin != null) {
      names.add("validation-plugin:" + validationPlugin.name());
    }
    this.checks = List.copyOf(cs);
    String alg = x.algorithm();
    this.algorithm = alg == null ? null : Algorithms.get(alg);
    this.params = alg == null ? Map.of() : Algorithms.params(alg, x.algorithmParams());
    if (alg != null) {
      names.add(alg + (params.isEmpty() ? "" : params.toString()));
    }
    this.schemaVersion = x.schemaVersion();
    this.stamp =
        op.type() == OperationType.REPLAY || op.type() == OperationType.PARTIAL || !names.isEmpty();
  }

  private static TransformPlugin plugin(String name) {
    if (name == null) {
      return null;
    }
    return TransformPlugins.find(name)
        .orElseThrow(
            () ->
                new IllegalStateException(
                    "plugin "
                        + name
                        + " is not in the plugins directory "
                        + TransformPlugins.directory()
                        + " any more: put its jar back, or cancel the operation"));
  }

  public static TransformChain of(Operation op) {
    return new TransformChain(op);
  }

  /** The schema version new versions get: the migration's target, else the dataset's. */
  public String schemaVersion(Dataset d) {
    return schemaVersion != null ? schemaVersion : d.schemaVersion();
  }

  /**
   * The dataset as the chain's output should look: the migrated unit, with the plausible range and
   * plausible bounds converted by the same factor, so the quality gate judges migrated rows by
   * their new schema.
   */
  public Dataset target(Dataset d) {
    String unit = d.unit();
    double min = d.minValue();
    double max = d.maxValue();
    io.aurum.core.model.Bounds bounds = d.bounds();
    boolean changed = false;
    for (TransformFile f : files) {
      for (TransformFile.Step s : f.steps()) {
        if (s.op().equals("convert_unit") && (s.from() == null || s.from().equals(unit))) {
          unit = s.to();
          double a = min * s.factor();
          double b = max * s.factor();
          min = Math.min(a, b);
          max = Math.max(a, b);
          bounds = bounds.scaled(s.factor());
          changed = true;
        }
      }
    }
    if (!changed && schemaVersion == null) {
      return d;
    }
    return d.withQuality(schemaVersion(d), unit, min, max, bounds);
  }

  /** Runs the chain over freshly fetched rows. */
  public List<Observation> apply(
      Dataset d, PartitionKey key, List<Observation> rows, Instant fetchedAt) {
    if (!stamp) {
      return rows;
    }
    if (!rows.isEmpty()) {
      checkFields(d, rows.get(0));
    }
    List<Observation> out = rows;
    for (TransformFile f : files) {
      List<Observation> next = new ArrayList<>(out.size());
      for (Observation o : out) {
        next.add(applySteps(f, o));
      }
      out = next;
    }
    if (transformPlugin != null) {
      out = transformPlugin.apply(d, key, out);
    }
    if (algorithm != null) {
      out = algorithm.apply(d, key, out, params);
    }
    List<Observation> stamped = new ArrayList<>(out.size());
    ObjectNode provenance = Attributes.JSON.createObjectNode();
    provenance.put("operation", operationId);
    provenance.put("fetched_at", fetchedAt.toString());
    if (!names.isEmpty()) {
      ArrayNode t = provenance.putArray("transforms");
      names.forEach(t::add);
    }
    // Most rows carry no other attribute: their attributes are this one string, built once.
    String provenanceOnly = "{\"provenance\":" + provenance + "}";
    for (Observation o : out) {
      if (o.attributes() == null || o.attributes().isBlank()) {
        stamped.add(new Observation(o.seriesId(), o.period(), o.value(), o.unit(), provenanceOnly));
        continue;
      }
      ObjectNode a = Attributes.read(o);
      a.set("provenance", provenance);
      stamped.add(Attributes.write(o, a));
    }
    return stamped;
  }

  /** Share of rows passing every validation check (1 when there are none). */
  public double passRatio(List<Observation> rows) {
    double plugin =
        validationPlugin == null || rows.isEmpty() ? 1.0 : validationPlugin.passRatio(rows);
    return plugin * checksPassRatio(rows);
  }

  private double checksPassRatio(List<Observation> rows) {
    if (checks.isEmpty() || rows.isEmpty()) {
      return 1.0;
    }
    Set<String> numeric = numericFields(Attributes.read(rows.get(0)));
    for (TransformFile.Check c : checks) {
      for (String name : c.expr().names()) {
        if (!BUILT_IN.contains(name) && !numeric.contains(name)) {
          throw unknownField("validation check '" + c.name() + "'", name, numeric);
        }
      }
    }
    long ok = 0;
    for (Observation o : rows) {
      Map<String, Double> vars = vars(o, Attributes.read(o));
      if (checks.stream().allMatch(c -> c.expr().test(vars))) {
        ok++;
      }
    }
    return (double) ok / rows.size();
  }

  /** Names every record has: its value and its period's epoch second and UTC hour. */
  static final Set<String> BUILT_IN = Set.of("value", "epoch", "hour");

  /**
   * Checks on a partition's first record that every field the files' steps name exists when the
   * step runs (a rename's source, a dropped field, an expression's names), so a misspelt name fails
   * the task with a reason instead of silently doing nothing.
   */
  private void checkFields(Dataset d, Observation first) {
    if (files.isEmpty()) {
      return;
    }
    ObjectNode a = Attributes.read(first);
    a.remove("provenance");
    Set<String> fields = new TreeSet<>();
    a.fieldNames().forEachRemaining(fields::add);
    Set<String> numeric = numericFields(a);
    for (int fi = 0; fi < files.size(); fi++) {
      TransformFile f = files.get(fi);
      List<TransformFile.Step> steps = f.steps();
      for (int i = 0; i < steps.size(); i++) {
        TransformFile.Step s = steps.get(i);
        String where = f.name() + " step " + (i + 1) + " (" + s.op() + ") on " + d.name();
        switch (s.op()) {
          case "rename" -> {
            if (!fields.remove(s.from())) {
              throw unknownField(where, s.from(), fields);
            }
            fields.add(s.to());
            if (numeric.remove(s.from())) {
              numeric.add(s.to());
            }
          }
          case "drop" -> {
            if (!fields.remove(s.field())) {
              throw unknownField(where, s.field(), fields);
            }
            numeric.remove(s.field());
          }
          case "derive" -> {
            for (String name : s.expr().names()) {
              if (!BUILT_IN.contains(name) && !numeric.contains(name)) {
                throw unknownField(where, name, numeric);
              }
            }
            if (!s.field().equals("value")) {
              fields.add(s.field());
              numeric.add(s.field());
            }
          }
          default -> {}
        }
      }
    }
  }

  private static Set<String> numericFields(ObjectNode a) {
    Set<String> out = new TreeSet<>();
    a.fields()
        .forEachRemaining(
            e -> {
              if (e.getValue().isNumber() || e.getValue().isBoolean()) {
                out.add(e.getKey());
              }
            });
    return out;
  }

  private static AurumException.BadInput unknownField(
      String where, String name, Set<String> known) {
    return new AurumException.BadInput(
        where
            + ": no field '"
            + name
            + "' in the records (known: "
            + String.join(", ", BUILT_IN.stream().sorted().toList())
            + (known.isEmpty() ? "" : ", " + String.join(", ", known))
            + "): fix the name in the file");
  }

  private static Observation applySteps(TransformFile f, Observation o) {
    ObjectNode a = Attributes.read(o);
    double value = o.value();
    String unit = o.unit();
    for (TransformFile.Step s : f.steps()) {
      switch (s.op()) {
        case "rename" -> {
          JsonNode v = a.remove(s.from());
          if (v != null) {
            a.set(s.to(), v);
          }
        }
        case "drop" -> a.remove(s.field());
        case "derive" -> {
          Map<String, Double> vars =
              vars(new Observation(o.seriesId(), o.period(), value, unit), a);
          double r = s.expr().eval(vars);
          if (s.field().equals("value")) {
            value = r;
          } else {
            a.put(s.field(), r);
          }
        }
        case "convert_unit" -> {
          if (s.from() == null || s.from().equals(unit)) {
            value = value * s.factor();
            unit = s.to();
          }
        }
        default -> throw new IllegalStateException("unknown step " + s.op());
      }
    }
    return Attributes.write(new Observation(o.seriesId(), o.period(), value, unit), a);
  }

  private static Map<String, Double> vars(Observation o, ObjectNode a) {
    Map<String, Double> v = new HashMap<>();
    a.fields()
        .forEachRemaining(
            e -> {
              if (e.getValue().isNumber() || e.getValue().isBoolean()) {
                v.put(e.getKey(), e.getValue().asDouble(e.getValue().asBoolean() ? 1 : 0));
              }
            });
    v.put("value", o.value());
    v.put("epoch", (double) o.period().getEpochSecond());
    v.put("hour", (double) ((o.period().getEpochSecond() / 3600) % 24));
    return v;
  }
}
