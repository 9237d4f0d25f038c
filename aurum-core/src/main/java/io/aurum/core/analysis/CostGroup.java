package io.aurum.core.analysis;

import java.util.ArrayList;
import java.util.List;

/** The costs of a group of operations (a type, source, dataset or one operation), per metric. */
public record CostGroup(String key, int operations, List<CostLine> lines) {

  public static CostGroup empty(String key) {
    List<CostLine> zero = new ArrayList<>();
    for (CostMetric m : CostMetric.values()) {
      zero.add(new CostLine(m, 0, 0, null, null));
    }
    return new CostGroup(key, 0, zero);
  }

  /** This group with {@code more} lines added and {@code ops} more operations counted. */
  public CostGroup plus(int ops, List<CostLine> more) {
    List<CostLine> sum = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      sum.add(lines.get(i).plus(more.get(i)));
    }
    return new CostGroup(key, operations + ops, sum);
  }

  public double total() {
    return lines.stream().mapToDouble(CostLine::cost).sum();
  }

  public Double estimatedTotal() {
    return estimatedTotal(lines);
  }

  static Double estimatedTotal(List<CostLine> lines) {
    if (lines.stream().allMatch(l -> l.estimatedCost() == null)) {
      return null;
    }
    return lines.stream().mapToDouble(l -> l.estimatedCost() == null ? 0 : l.estimatedCost()).sum();
  }
}
