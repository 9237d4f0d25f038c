package io.aurum.core.analysis;

import io.aurum.core.model.Operation;
import io.aurum.core.model.OperationProgress;
import java.util.List;
import java.util.Map;

/**
 * What one operation cost so far, a line per {@link CostMetric}, and the same split over its
 * datasets (requests, bytes and rows as their tasks counted them; compute time shared out by
 * requests).
 */
public record OperationCost(
    Operation operation,
    OperationProgress progress,
    Usage usage,
    List<CostLine> lines,
    Map<String, List<CostLine>> byDataset) {

  public double total() {
    return lines.stream().mapToDouble(CostLine::cost).sum();
  }

  /** The estimated total, or null when no estimate was stored. */
  public Double estimatedTotal() {
    return CostGroup.estimatedTotal(lines);
  }

  public CostLine line(CostMetric m) {
    return lines.stream().filter(l -> l.metric() == m).findFirst().orElseThrow();
  }
}
