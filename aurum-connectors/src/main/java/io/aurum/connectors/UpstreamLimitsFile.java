package io.aurum.connectors;

import com.fasterxml.jackson.databind.JsonNode;
import io.aurum.core.config.ConfigFiles;
import io.aurum.core.error.AurumException;
import io.aurum.core.request.JsonInput;
import io.aurum.core.request.JsonSchemas;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;

/**
 * Reads {@code upstream_limits.json} from the configuration directory: {@code defaults} for every
 * upstream, then {@code upstreams.<name>} ({@code eia}, {@code fred}, {@code cpi}, {@code noaa},
 * {@code nyiso}, {@code caiso}, {@code pjm}) overriding any of them. Each object takes {@code
 * deadline_seconds}, {@code max_retry_after_seconds}, {@code max_body_bytes}, {@code
 * max_member_bytes}, {@code max_line_bytes} and {@code max_rows_per_request}; the file is checked
 * against {@code upstream-limits.schema.json} in aurum-core, so any other key is an error naming
 * its line and the allowed keys ({@code FILE:LINE:COL: …}). A missing file means the built-in
 * defaults ({@link UpstreamLimits#DEFAULTS}). Stateless.
 */
public final class UpstreamLimitsFile {
  public static final String FILE = "upstream_limits.json";

  private UpstreamLimitsFile() {}

  /** The limits of every upstream; the defaults when the directory has no such file. */
  public static Map<Upstream, UpstreamLimits> load(Path configDir) {
    Map<Upstream, UpstreamLimits> out = new EnumMap<>(Upstream.class);
    Path file = configDir.resolve(FILE);
    String text;
    try {
      text = Files.readString(file);
    } catch (NoSuchFileException e) {
      for (Upstream u : Upstream.values()) {
        out.put(u, UpstreamLimits.DEFAULTS);
      }
      return out;
    } catch (IOException e) {
      throw new AurumException.BadInput("cannot read configuration file " + file + ": " + e);
    }
    JsonInput in = ConfigFiles.parse(file.toString(), text, JsonSchemas.UPSTREAM_LIMITS);
    UpstreamLimits defaults = limits(in, "/defaults", UpstreamLimits.DEFAULTS, "defaults", null);
    for (Upstream u : Upstream.values()) {
      String name = u.name().toLowerCase(Locale.ROOT);
      out.put(u, limits(in, "/upstreams/" + name, defaults, "upstreams." + name, u));
    }
    return out;
  }

  /** {@code upstream} is null for {@code defaults}. */
  private static UpstreamLimits limits(
      JsonInput in, String pointer, UpstreamLimits base, String where, Upstream upstream) {
    JsonNode n = in.root().at(pointer);
    if (n.isMissingNode()) {
      return base;
    }
    UpstreamLimits l = base;
    String field = pointer;
    try {
      if (n.has("deadline_seconds")) {
        field = pointer + "/deadline_seconds";
        l = l.withDeadline(seconds(n.get("deadline_seconds")));
      }
      if (n.has("max_retry_after_seconds")) {
        field = pointer + "/max_retry_after_seconds";
        l = l.withMaxRetryAfter(seconds(n.get("max_retry_after_seconds")));
      }
      if (n.has("max_body_bytes")) {
        field = pointer + "/max_body_bytes";
        l = l.withMaxBodyBytes(n.get("max_body_bytes").asLong());
      }
      if (n.has("max_member_bytes")) {
        field = pointer + "/max_member_bytes";
        l = l.withMaxMemberBytes(n.get("max_member_bytes").asLong());
      }
      if (n.has("max_line_bytes")) {
        field = pointer + "/max_line_bytes";
        l = l.withMaxLineBytes((int) Math.min(Integer.MAX_VALUE, n.get("max_line_bytes").asLong()));
      }
      if (n.has("max_rows_per_request")) {
        field = pointer + "/max_rows_per_request";
        l = l.withMaxRowsPerRequest(n.get("max_rows_per_request").asLong());
      }
      if (n.has("page_rows")) {
        field = pointer + "/page_rows";
        l = l.withPageRows(pageRows(upstream, n.get("page_rows").asLong()));
      }
    } catch (IllegalArgumentException e) {
      throw in.bad(field, where + ": " + e.getMessage());
    }
    return l;
  }

  /**
   * A page size is the API's own: it is set per upstream, only where the API pages by rows, and at
   * most its largest page.
   */
  private static int pageRows(Upstream upstream, long rows) {
    if (upstream == null) {
      throw new IllegalArgumentException(
          "page_rows is set per upstream (upstreams.eia, fred, noaa or pjm), not in defaults");
    }
    if (upstream.maxPageRows() == 0) {
      throw new IllegalArgumentException(
          upstream.name().toLowerCase(Locale.ROOT)
              + " does not page by rows; page_rows applies to eia, fred, noaa and pjm");
    }
    if (rows > upstream.maxPageRows()) {
      throw new IllegalArgumentException(
          "page_rows must be at most "
              + upstream.maxPageRows()
              + ", the API's largest page, got "
              + rows);
    }
    return (int) rows;
  }

  /** Seconds (the schema keeps them within [0, 1e9]) to a duration, to the millisecond. */
  private static Duration seconds(JsonNode v) {
    return Duration.ofMillis((long) (v.asDouble() * 1000));
  }
}
