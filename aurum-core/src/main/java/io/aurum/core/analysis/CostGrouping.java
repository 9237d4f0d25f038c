package io.aurum.core.analysis;

import io.aurum.core.error.AurumException;
import java.util.Locale;

/** What a cost report groups by. */
public enum CostGrouping {
  OPERATION_TYPE,
  SOURCE,
  DATASET,
  OPERATION;

  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static CostGrouping parse(String s) {
    String t = s == null ? "" : s.strip().toLowerCase(Locale.ROOT).replace('-', '_');
    for (CostGrouping g : values()) {
      if (g.id().equals(t)) {
        return g;
      }
    }
    throw new AurumException.BadInput(
        "unknown cost grouping '" + s + "': use operation_type, source, dataset or operation");
  }
}
