package io.aurum.core.analysis;

/**
 * One metric of a cost: the quantity used (in {@link CostMetric#unit()}) and its price, beside the
 * quantity and price estimated when the operation was created (null: no estimate was stored).
 */
public record CostLine(
    CostMetric metric,
    double quantity,
    double cost,
    Double estimatedQuantity,
    Double estimatedCost) {

  /** The sum of two lines of the same metric; an estimate missing on one side counts as 0. */
  public CostLine plus(CostLine o) {
    return new CostLine(
        metric,
        quantity + o.quantity,
        cost + o.cost,
        sum(estimatedQuantity, o.estimatedQuantity),
        sum(estimatedCost, o.estimatedCost));
  }

  public CostLine scaled(double share) {
    return new CostLine(
        metric,
        quantity * share,
        cost * share,
        estimatedQuantity == null ? null : estimatedQuantity * share,
        estimatedCost == null ? null : estimatedCost * share);
  }

  private static Double sum(Double a, Double b) {
    if (a == null && b == null) {
      return null;
    }
    return (a == null ? 0 : a) + (b == null ? 0 : b);
  }
}
