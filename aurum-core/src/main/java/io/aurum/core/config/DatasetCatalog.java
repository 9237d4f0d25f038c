package io.aurum.core.config;

import com.fasterxml.jackson.databind.JsonNode;
import io.aurum.core.error.AurumException;
import io.aurum.core.model.Bounds;
import io.aurum.core.model.BusinessCalendar;
import io.aurum.core.model.Dataset;
import io.aurum.core.model.Frequency;
import io.aurum.core.model.SourceId;
import io.aurum.core.request.JsonInput;
import io.aurum.core.request.JsonSchemas;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The datasets Aurum knows, from {@code datasets.json} in the configuration directory (checked
 * against {@code datasets.schema.json}; zones, unique names and bounds in order are checked here).
 */
public final class DatasetCatalog {
  public static final String FILE = "datasets.json";

  private final Map<String, Dataset> byKey;
  private final List<Dataset> ordered;

  public DatasetCatalog(List<Dataset> datasets) {
    Map<String, Dataset> m = new LinkedHashMap<>();
    for (Dataset d : datasets) {
      if (m.put(key(d.source(), d.name()), d) != null) {
        throw new IllegalArgumentException("dataset " + d.name() + " is listed twice");
      }
    }
    this.byKey = Map.copyOf(m);
    this.ordered = List.copyOf(datasets);
  }

  public static DatasetCatalog load(Path configDir) {
    JsonInput in = ConfigFiles.read(configDir.resolve(FILE), JsonSchemas.DATASETS);
    JsonNode list = in.root().get("datasets");
    List<Dataset> out = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < list.size(); i++) {
      JsonNode n = list.get(i);
      String at = "/datasets/" + i;
      String name = ConfigFiles.text(in, at, "name", "datasets[" + i + "]");
      String where = "dataset " + name;
      String field = at;
      try {
        List<String> series = new ArrayList<>();
        n.path("series").forEach(s -> series.add(s.asText()));
        field = at + "/calendar";
        BusinessCalendar calendar = calendar(n.path("calendar"));
        Map<String, BusinessCalendar> seriesCalendars = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = n.path("series_calendars").fields();
            it.hasNext(); ) {
          Map.Entry<String, JsonNode> e = it.next();
          field = at + "/series_calendars/" + e.getKey().replace("~", "~0").replace("/", "~1");
          seriesCalendars.put(e.getKey(), calendar(e.getValue()));
        }
        Map<String, String> upstream = new LinkedHashMap<>();
        n.path("upstream")
            .fields()
            .forEachRemaining(e -> upstream.put(e.getKey(), e.getValue().asText()));
        field = at + "/source";
        SourceId source = SourceId.parse(ConfigFiles.text(in, at, "source", where));
        field = at + "/frequency";
        Frequency frequency =
            Frequency.valueOf(
                ConfigFiles.text(in, at, "frequency", where).toUpperCase(Locale.ROOT));
        field = at + "/zone";
        ZoneId zone = ZoneId.of(ConfigFiles.text(in, at, "zone", where));
        field = at + "/bounds";
        Bounds bounds = bounds(in, at + "/bounds", where + ".bounds");
        if (!seen.add(key(source, name))) {
          throw in.bad(at + "/name", where + " is listed twice for source " + source.cliName());
        }
        field = at;
        out.add(
            new Dataset(
                source,
                name,
                frequency,
                zone,
                n.path("schema_version").asText("v1.0"),
                series,
                n.path("unit").asText(""),
                n.path("min_value").asDouble(Double.NEGATIVE_INFINITY),
                n.path("max_value").asDouble(Double.POSITIVE_INFINITY),
                upstream,
                n.hasNonNull("publication_lag_hours")
                    ? java.time.Duration.ofHours(n.get("publication_lag_hours").asLong())
                    : null,
                calendar,
                seriesCalendars,
                bounds));
      } catch (AurumException e) {
        // Already located (ConfigFiles, bounds) or a name the schema let through (SourceId).
        throw e.getMessage().startsWith(in.file())
            ? e
            : in.bad(field, where + ": " + e.getMessage());
      } catch (DateTimeException e) {
        throw in.bad(
            field, where + ": " + e.getMessage() + ": use a zone id such as America/New_York");
      } catch (IllegalArgumentException e) {
        throw in.bad(field, where + ": " + e.getMessage());
      }
    }
    try {
      return new DatasetCatalog(out);
    } catch (IllegalArgumentException e) {
      throw in.bad("/datasets", e.getMessage());
    }
  }

  /**
   * A dataset's plausible bounds, {@code {"min": -1000, "max": 100000}} (absent: none; either side
   * may be left out). Values outside them become failed records, never observations.
   */
  private static Bounds bounds(JsonInput in, String pointer, String where) {
    JsonNode v = in.root().at(pointer);
    if (v.isMissingNode() || v.isNull()) {
      return Bounds.NONE;
    }
    double min = bound(in, pointer + "/min", where + ".min", Double.NEGATIVE_INFINITY);
    double max = bound(in, pointer + "/max", where + ".max", Double.POSITIVE_INFINITY);
    if (min >= max) {
      throw in.bad(
          pointer + "/min", where + ".min " + min + " must be below " + where + ".max " + max);
    }
    return new Bounds(min, max);
  }

  private static double bound(JsonInput in, String pointer, String where, double open) {
    JsonNode v = in.root().at(pointer);
    if (v.isMissingNode() || v.isNull()) {
      return open;
    }
    if (!v.isNumber() || !Double.isFinite(v.asDouble())) {
      throw in.bad(pointer, where + " must be a finite number, got " + v);
    }
    return v.asDouble();
  }

  /** A catalog calendar name (absent: every day). */
  private static BusinessCalendar calendar(JsonNode v) {
    return v.isMissingNode() || v.isNull()
        ? BusinessCalendar.EVERY_DAY
        : BusinessCalendar.parse(v.asText());
  }

  public List<Dataset> forSource(SourceId source) {
    return ordered.stream().filter(d -> d.source() == source).toList();
  }

  public List<Dataset> all() {
    return ordered;
  }

  /** The named dataset of the source; an unknown name is bad input listing the known ones. */
  public Dataset get(SourceId source, String name) {
    Dataset d = byKey.get(key(source, name));
    if (d == null) {
      throw new AurumException.BadInput(
          "unknown dataset '"
              + name
              + "' for source "
              + source.cliName()
              + ": use one of "
              + forSource(source).stream().map(Dataset::name).collect(Collectors.joining(", ")));
    }
    return d;
  }

  /** The named datasets, or every dataset of the source when the list is empty. */
  public List<Dataset> select(SourceId source, List<String> names) {
    if (names.isEmpty()) {
      List<Dataset> all = forSource(source);
      if (all.isEmpty()) {
        throw new AurumException.BadInput(
            "source "
                + source.cliName()
                + " has no datasets in "
                + FILE
                + ": add one to the catalog");
      }
      return all;
    }
    return names.stream().map(n -> get(source, n)).toList();
  }

  private static String key(SourceId s, String name) {
    return s.cliName() + "/" + name.toUpperCase(Locale.ROOT);
  }
}
