package io.aurum.core.analysis;

import io.aurum.core.error.AurumException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * What an operation is charged for, each in its own unit: requests sent, GB read from the source,
 * hours it ran, GB-months of storage for the rows it wrote, and days of the source's quota it
 * spent.
 */
public enum CostMetric {
  API_CALLS("requests"),
  DATA_TRANSFER("GB"),
  COMPUTE_TIME("hours"),
  STORAGE("GB-months"),
  QUOTA("quota-days");

  private final String unit;

  CostMetric(String unit) {
    this.unit = unit;
  }

  public String unit() {
    return unit;
  }

  /** The lower-case name: {@code api_calls}, {@code data_transfer}, … */
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static CostMetric parse(String s) {
    String t = s == null ? "" : s.strip().toLowerCase(Locale.ROOT);
    for (CostMetric m : values()) {
      if (m.id().equals(t)) {
        return m;
      }
    }
    throw new AurumException.BadInput(
        "unknown cost metric '" + s + "': use " + String.join(", ", ids()));
  }

  /** A comma-separated list of metrics; blank means all of them. */
  public static List<CostMetric> parseList(String csv) {
    if (csv == null || csv.isBlank()) {
      return List.of(values());
    }
    List<CostMetric> out = new ArrayList<>();
    for (String part : csv.split(",")) {
      CostMetric m = parse(part);
      if (!out.contains(m)) {
        out.add(m);
      }
    }
    return out;
  }

  static List<String> ids() {
    return Arrays.stream(values()).map(CostMetric::id).toList();
  }
}
