package io.aurum.app.metrics;

import io.aurum.core.analysis.CostMetric;
import io.aurum.core.analysis.CostPrices;
import io.aurum.core.analysis.Usage;
import io.aurum.core.config.AurumConfig;
import io.aurum.core.model.SourceId;
import io.micrometer.core.instrument.Counter;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@code aurum_cost_estimated_usd_total}: upstream requests and bytes priced with the cost model as
 * they happen, a request at its price plus its share of a quota-day's value, a byte at its share of
 * a GB's price. Thread-safe.
 */
final class CostMeter {
  private final Meters meters;
  // Source -> {price of a request (with its share of a quota-day), price of a byte}.
  private volatile Map<SourceId, double[]> prices = Map.of();
  // Source -> its counter: one map read a request, no tags built.
  private final Map<SourceId, Counter> counters = new ConcurrentHashMap<>();

  CostMeter(Meters meters) {
    this.meters = meters;
  }

  void pricedBy(AurumConfig config) {
    Map<SourceId, double[]> p = new EnumMap<>(SourceId.class);
    for (SourceId s : SourceId.values()) {
      CostPrices c = CostPrices.of(config, s);
      double quotaDays = c.quantity(CostMetric.QUOTA, new Usage(1, 0, 0, 0));
      p.put(
          s,
          new double[] {
            c.price(CostMetric.API_CALLS) + quotaDays * c.price(CostMetric.QUOTA),
            c.price(CostMetric.DATA_TRANSFER) / 1e9
          });
    }
    prices = p;
  }

  /** The source's counter, registered (at zero) on first use. */
  Counter of(SourceId s) {
    Counter c = counters.get(s);
    return c != null ? c : counters.computeIfAbsent(s, this::register);
  }

  private Counter register(SourceId s) {
    return meters.counter(
        "aurum.cost.estimated",
        "What upstream requests and bytes cost at the cost model's prices (requests, transfer and"
            + " quota-days; compute and storage are in aurum costs report).",
        "usd",
        "source",
        EngineMetrics.source(s));
  }

  void requests(SourceId s, long n) {
    charge(s, 0, n);
  }

  void bytes(SourceId s, long n) {
    charge(s, 1, n);
  }

  private void charge(SourceId s, int which, double quantity) {
    double[] p = prices.get(s);
    if (p != null && p[which] > 0) {
      of(s).increment(p[which] * quantity);
    }
  }
}
