package io.aurum.connectors;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.aurum.core.error.AurumException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Reads {@code upstream_limits.json} from the configuration directory: {@code defaults} for every
 * upstream, then {@code upstreams.<name>} ({@code eia}, {@code fred}, {@code cpi}, {@code noaa},
 * {@code nyiso}, {@code caiso}, {@code pjm}) overriding any of them. Each object takes {@code
 * deadline_seconds}, {@code max_retry_after_seconds}, {@code max_body_bytes}, {@code
 * max_member_bytes}, {@code max_line_bytes} and {@code max_rows_per_request}; any other key is an
 * error naming its line. A missing file means the built-in defaults ({@link
 * UpstreamLimits#DEFAULTS}). Stateless.
 */
public final class UpstreamLimitsFile {
  public static final String FILE = "upstream_limits.json";

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
  private static final Set<String> TOP = Set.of("_comment", "defaults", "upstreams");
  private static final Set<String> FIELDS =
      Set.of(
          "_comment",
          "deadline_seconds",
          "max_retry_after_seconds",
          "max_body_bytes",
          "max_member_bytes",
          "max_line_bytes",
          "max_rows_per_request");

  private UpstreamLimitsFile() {}

  /** The limits of every upstream; the defaults when the directory has no such file. */
  public static Map<Upstream, UpstreamLimits> load(Path configDir) {
    Map<Upstream, UpstreamLimits> out = new EnumMap<>(Upstream.class);
    Path file = configDir.resolve(FILE);
    JsonNode root;
    try {
      root = JSON.readTree(Files.readAllBytes(file));
    } catch (NoSuchFileException e) {
      for (Upstream u : Upstream.values()) {
        out.put(u, UpstreamLimits.DEFAULTS);
      }
      return out;
    } catch (JsonProcessingException e) {
      JsonLocation at = e.getLocation();
      throw bad(
          file,
          "is not valid JSON"
              + (at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr())
              + ": "
              + e.getOriginalMessage());
    } catch (IOException e) {
      throw new AurumException.BadInput("cannot read configuration file " + file + ": " + e);
    }
    if (root == null || !root.isObject()) {
      throw bad(file, "must be a JSON object with defaults and upstreams");
    }
    onlyKnown(file, root, TOP, "");
    UpstreamLimits defaults =
        limits(file, root.get("defaults"), UpstreamLimits.DEFAULTS, "defaults");
    JsonNode ups = root.get("upstreams");
    if (ups != null && !ups.isObject()) {
      throw bad(file, "upstreams must be an object keyed by upstream name");
    }
    for (Upstream u : Upstream.values()) {
      String name = u.name().toLowerCase(Locale.ROOT);
      out.put(u, limits(file, ups == null ? null : ups.get(name), defaults, "upstreams." + name));
    }
    if (ups != null) {
      for (Iterator<String> it = ups.fieldNames(); it.hasNext(); ) {
        String name = it.next();
        if (!name.equals("_comment") && !isUpstream(name)) {
          throw bad(
              file,
              "upstreams."
                  + name
                  + " is not an upstream: use eia, fred, cpi, noaa, nyiso, caiso or pjm");
        }
      }
    }
    return out;
  }

  private static boolean isUpstream(String name) {
    for (Upstream u : Upstream.values()) {
      if (u.name().toLowerCase(Locale.ROOT).equals(name)) {
        return true;
      }
    }
    return false;
  }

  private static UpstreamLimits limits(Path file, JsonNode n, UpstreamLimits base, String where) {
    if (n == null) {
      return base;
    }
    if (!n.isObject()) {
      throw bad(file, where + " must be an object");
    }
    onlyKnown(file, n, FIELDS, where + ".");
    UpstreamLimits l = base;
    try {
      if (n.has("deadline_seconds")) {
        l = l.withDeadline(seconds(file, n, "deadline_seconds", where));
      }
      if (n.has("max_retry_after_seconds")) {
        l = l.withMaxRetryAfter(seconds(file, n, "max_retry_after_seconds", where));
      }
      if (n.has("max_body_bytes")) {
        l = l.withMaxBodyBytes(whole(file, n, "max_body_bytes", where, "bytes"));
      }
      if (n.has("max_member_bytes")) {
        l = l.withMaxMemberBytes(whole(file, n, "max_member_bytes", where, "bytes"));
      }
      if (n.has("max_line_bytes")) {
        l =
            l.withMaxLineBytes(
                (int)
                    Math.min(Integer.MAX_VALUE, whole(file, n, "max_line_bytes", where, "bytes")));
      }
      if (n.has("max_rows_per_request")) {
        l = l.withMaxRowsPerRequest(whole(file, n, "max_rows_per_request", where, "rows"));
      }
    } catch (IllegalArgumentException e) {
      throw bad(file, where + ": " + e.getMessage());
    }
    return l;
  }

  private static Duration seconds(Path file, JsonNode n, String field, String where) {
    JsonNode v = n.get(field);
    if (!v.isNumber() || !Double.isFinite(v.asDouble()) || v.asDouble() < 0 || v.asDouble() > 1e9) {
      throw bad(file, where + "." + field + " must be a number of seconds, got " + v);
    }
    return Duration.ofMillis((long) (v.asDouble() * 1000));
  }

  private static long whole(Path file, JsonNode n, String field, String where, String unit) {
    JsonNode v = n.get(field);
    if (!v.isIntegralNumber() || !v.canConvertToLong() || v.asLong() < 1) {
      throw bad(
          file, where + "." + field + " must be a whole number of " + unit + " above 0, got " + v);
    }
    return v.asLong();
  }

  private static void onlyKnown(Path file, JsonNode n, Set<String> known, String prefix) {
    for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) {
      String f = it.next();
      if (!known.contains(f)) {
        throw bad(
            file,
            "unknown key "
                + prefix
                + f
                + ": use "
                + String.join(
                    ", ", known.stream().filter(k -> !k.startsWith("_")).sorted().toList()));
      }
    }
  }

  private static AurumException bad(Path file, String what) {
    return new AurumException.BadInput("configuration file " + file + ": " + what);
  }
}
