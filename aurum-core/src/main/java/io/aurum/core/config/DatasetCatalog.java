package io.aurum.core.config;

import com.fasterxml.jackson.databind.JsonNode;
import io.aurum.core.error.AurumException;
import io.aurum.core.model.Bounds;
import io.aurum.core.model.BusinessCalendar;
import io.aurum.core.model.Dataset;
import io.aurum.core.model.Frequency;
import io.aurum.core.model.SourceId;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/** The datasets Aurum knows, from {@code datasets.json} in the configuration directory. */
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
    Path file = configDir.resolve(FILE);
    JsonNode root = ConfigFiles.read(file);
    JsonNode list = root.get("datasets");
    if (list == null || !list.isArray()) {
      throw ConfigFiles.bad(file, "needs a \"datasets\" array");
    }
    List<Dataset> out = new ArrayList<>();
    for (JsonNode n : list) {
      String name = ConfigFiles.text(file, n, "name", "datasets[]");
      String where = "dataset " + name;
      try {
        List<String> series = new ArrayList<>();
        n.path("series").forEach(s -> series.add(s.asText()));
        BusinessCalendar calendar = calendar(file, n.path("calendar"), where + ".calendar");
        Map<String, BusinessCalendar> seriesCalendars = new LinkedHashMap<>();
        JsonNode perSeries = n.path("series_calendars");
        if (!perSeries.isMissingNode() && !perSeries.isObject()) {
          throw ConfigFiles.bad(
              file, where + ".series_calendars must be an object of series name to calendar");
        }
        perSeries
            .fields()
            .forEachRemaining(
                e ->
                    seriesCalendars.put(
                        e.getKey(),
                        calendar(file, e.getValue(), where + ".series_calendars." + e.getKey())));
        Map<String, String> upstream = new LinkedHashMap<>();
        n.path("upstream")
            .fields()
            .forEachRemaining(e -> upstream.put(e.getKey(), e.getValue().asText()));
        out.add(
            new Dataset(
                SourceId.parse(ConfigFiles.text(file, n, "source", where)),
                name,
                Frequency.valueOf(
                    ConfigFiles.text(file, n, "frequency", where).toUpperCase(Locale.ROOT)),
                ZoneId.of(ConfigFiles.text(file, n, "zone", where)),
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
                bounds(file, n.path("bounds"), where + ".bounds")));
      } catch (AurumException e) {
        throw e;
      } catch (IllegalArgumentException | DateTimeException e) {
        throw ConfigFiles.bad(file, where + ": " + e.getMessage());
      }
    }
    try {
      return new DatasetCatalog(out);
    } catch (IllegalArgumentException e) {
      throw ConfigFiles.bad(file, e.getMessage());
    }
  }

  /**
   * A dataset's plausible bounds, {@code {"min": -1000, "max": 100000}} (absent: none; either side
   * may be left out). Values outside them become failed records, never observations.
   */
  private static Bounds bounds(Path file, JsonNode v, String where) {
    if (v.isMissingNode() || v.isNull()) {
      return Bounds.NONE;
    }
    if (!v.isObject()) {
      throw ConfigFiles.bad(file, where + " must be an object such as {\"min\": 0, \"max\": 1000}");
    }
    v.fieldNames()
        .forEachRemaining(
            k -> {
              if (!k.equals("min") && !k.equals("max")) {
                throw ConfigFiles.bad(
                    file, where + " has an unknown key '" + k + "': use min and max");
              }
            });
    double min = bound(file, v.get("min"), where + ".min", Double.NEGATIVE_INFINITY);
    double max = bound(file, v.get("max"), where + ".max", Double.POSITIVE_INFINITY);
    if (min >= max) {
      throw ConfigFiles.bad(
          file, where + ".min " + min + " must be below " + where + ".max " + max);
    }
    return new Bounds(min, max);
  }

  private static double bound(Path file, JsonNode v, String where, double open) {
    if (v == null || v.isNull()) {
      return open;
    }
    if (!v.isNumber() || !Double.isFinite(v.asDouble())) {
      throw ConfigFiles.bad(file, where + " must be a finite number, got " + v);
    }
    return v.asDouble();
  }

  /** A catalog calendar name (absent: every day); an unknown one names the file and field. */
  private static BusinessCalendar calendar(Path file, JsonNode v, String where) {
    if (v.isMissingNode() || v.isNull()) {
      return BusinessCalendar.EVERY_DAY;
    }
    if (!v.isTextual()) {
      throw ConfigFiles.bad(file, where + " must be a calendar name, got " + v);
    }
    try {
      return BusinessCalendar.parse(v.asText());
    } catch (AurumException e) {
      throw ConfigFiles.bad(file, where + ": " + e.getMessage());
    }
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
