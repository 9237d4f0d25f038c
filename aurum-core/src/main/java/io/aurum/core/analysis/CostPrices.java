package io.aurum.core.analysis;

import io.aurum.core.config.AurumConfig;
import io.aurum.core.config.SourceQuota;
import io.aurum.core.estimate.CostModel;
import io.aurum.core.model.SourceId;
import java.util.ArrayList;
import java.util.List;

/**
 * The cost model applied to what one source's operation used. A GB is 10^9 bytes; storage is one
 * month of the rows written at {@code storage_bytes_per_row}; a quota-day is the requests the
 * source's strictest limit allows in 24 hours (no quota-days where the source has no limit).
 */
public record CostPrices(CostModel model, SourceId source, double requestsPerDay) {

  public static CostPrices of(AurumConfig config, SourceId source) {
    SourceQuota q = config.quotas().get(source);
    double perDay = q == null ? Double.POSITIVE_INFINITY : q.totalRequestsPerSecond() * 86_400;
    return new CostPrices(config.costModel(), source, perDay);
  }

  public double quantity(CostMetric m, Usage u) {
    return switch (m) {
      case API_CALLS -> u.requests();
      case DATA_TRANSFER -> u.bytes() / 1e9;
      case COMPUTE_TIME -> u.hours();
      case STORAGE -> u.records() * (double) model.storageBytesPerRow() / 1e9;
      case QUOTA -> Double.isFinite(requestsPerDay) ? u.requests() / requestsPerDay : 0;
    };
  }

  public double price(CostMetric m) {
    return switch (m) {
      case API_CALLS -> model.callCost(source);
      case DATA_TRANSFER -> model.gbCost(source);
      case COMPUTE_TIME -> model.computePerHour();
      case STORAGE -> model.storagePerGbMonth();
      case QUOTA -> model.quotaDayCost(source);
    };
  }

  /** A line per metric, estimate beside actual when {@code estimate} is not null. */
  public List<CostLine> lines(Usage actual, Usage estimate) {
    List<CostLine> out = new ArrayList<>();
    for (CostMetric m : CostMetric.values()) {
      double q = quantity(m, actual);
      Double eq = estimate == null ? null : quantity(m, estimate);
      out.add(new CostLine(m, q, q * price(m), eq, eq == null ? null : eq * price(m)));
    }
    return out;
  }
}
