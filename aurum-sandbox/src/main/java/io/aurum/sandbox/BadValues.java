package io.aurum.sandbox;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The value fault of one source: chosen points are served with a value text that is not data, such
 * as {@code 1e400} (beyond a double: Infinity when parsed), {@code nan}, {@code -inf} or a number
 * outside a dataset's plausible bounds, exactly as the source prints its values (EIA: as a JSON
 * string). Set with {@code value=TEXT} ({@code POST /_admin/faults} or {@code aurum sandbox --fault
 * eia:value=1e400;value_at=2024-01-05T05}); {@code value_at} lists period prefixes as the source
 * prints periods ({@code 2024-01-05T05} one UTC hour, {@code 2024-01-05} a whole UTC day; absent:
 * every period), {@code value_series} the series ({@code PJM-D}, or the respondent {@code PJM};
 * absent: every series). {@code value=} (empty) switches it off. It stays until cleared. Emulated
 * by the sources whose emulator {@linkplain SourceEmulator#badValues accepts it} (EIA, FRED).
 * Thread-safe.
 */
public final class BadValues {
  private volatile boolean supported;
  private volatile Setting setting;

  /** The text, the period prefixes (empty: every period) and series (empty: every series). */
  public record Setting(String text, List<String> periods, Set<String> series) {
    public Setting {
      periods = List.copyOf(periods);
      series = Set.copyOf(series);
    }
  }

  void supported(boolean yes) {
    this.supported = yes;
  }

  /** Serves {@code text} instead of the values of the chosen points; null switches it off. */
  public BadValues set(String text, List<String> periods, Set<String> series) {
    if (text == null || text.isEmpty()) {
      setting = null;
      return this;
    }
    if (!supported) {
      throw new IllegalArgumentException(
          "value faults are emulated for eia and fred only, not for this source");
    }
    setting = new Setting(text, periods, series);
    return this;
  }

  public Setting setting() {
    return setting;
  }

  void clear() {
    setting = null;
  }

  /**
   * The value text to serve for a point: {@code normal}, or the fault's text when the point is
   * chosen. {@code series} are the names the point's series goes by (e.g. {@code PJM-D} and {@code
   * PJM}).
   */
  public String apply(String period, String normal, String... series) {
    Setting s = setting;
    if (s == null) {
      return normal;
    }
    if (!s.series().isEmpty()) {
      boolean named = false;
      for (String name : series) {
        named |= s.series().contains(name);
      }
      if (!named) {
        return normal;
      }
    }
    if (s.periods().isEmpty()) {
      return s.text();
    }
    for (String p : s.periods()) {
      if (period.startsWith(p)) {
        return s.text();
      }
    }
    return normal;
  }

  /** Applies {@code value}, {@code value_at} and {@code value_series} of an admin request. */
  static void applyFrom(BadValues values, SandboxRequest r) {
    if (!r.has("value")) {
      if (r.has("value_at") || r.has("value_series")) {
        throw new IllegalArgumentException("value_at and value_series need value=TEXT");
      }
      return;
    }
    values.set(
        r.first("value").trim(), list(r, "value_at"), new LinkedHashSet<>(list(r, "value_series")));
  }

  private static List<String> list(SandboxRequest r, String name) {
    List<String> out = new ArrayList<>();
    if (r.has(name)) {
      for (String v : r.all(name)) {
        for (String part : v.split(",")) {
          if (!part.isBlank()) {
            out.add(part.trim());
          }
        }
      }
    }
    return out;
  }
}
