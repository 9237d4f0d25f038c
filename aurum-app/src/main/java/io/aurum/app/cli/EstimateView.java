package io.aurum.app.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.aurum.core.estimate.Estimator;
import io.aurum.core.usecase.Estimates;
import java.io.PrintWriter;
import java.util.Locale;

/** How {@code estimate backfill|replay} shows an estimate: a document, or labelled lines. */
final class EstimateView {
  private EstimateView() {}

  /** The estimate with its scope: source, dates, concurrency, duration in seconds, total cost. */
  static ObjectNode json(Estimates.Result r) {
    Estimator.Estimate e = r.estimate();
    ObjectNode n = Output.tree(e);
    n.put("source", r.spec().source().cliName());
    n.put("start_date", r.spec().startDate().toString());
    n.put("end_date", r.spec().endDate().toString());
    n.put("concurrency", r.spec().concurrency());
    n.put("duration_seconds", e.duration().toMillis() / 1000.0);
    n.put("total_cost", e.totalCost());
    return n;
  }

  /** One labelled line per resource, numbers with a dot in any locale. */
  static void print(Estimates.Result r, PrintWriter out) {
    Estimator.Estimate e = r.estimate();
    out.printf(
        "estimate: %s %s %s..%s at concurrency %d%n",
        e.type().name().toLowerCase(Locale.ROOT),
        r.spec().source().cliName(),
        r.spec().startDate(),
        r.spec().endDate(),
        r.spec().concurrency());
    out.printf(
        "partitions:      %d (%d covered already)%n", e.partitions(), r.plan().alreadyCovered());
    out.printf("api calls:       %d%n", e.apiCalls());
    out.printf("records:         %d%n", e.records());
    out.printf("bytes fetched:   %s%n", Format.bytes(e.wireBytes()));
    out.printf(
        Locale.ROOT,
        "duration:        %s at %.2f requests/s (%s-bound)%n",
        Format.duration(e.duration()),
        e.effectiveRate(),
        e.bound());
    if (e.quotaDays() > 0) {
      out.printf(Locale.ROOT, "quota-days:      %.2f of the daily limit%n", e.quotaDays());
    }
    out.printf("peak memory:     %s%n", Format.bytes(e.peakMemoryBytes()));
    out.printf("storage growth:  %s%n", Format.bytes(e.storageGrowthBytes()));
    out.printf(
        Locale.ROOT,
        "cost:            %.4f %s (compute %.4f, storage %.4f/month, API %.4f)%n",
        e.totalCost(),
        e.currency(),
        e.computeCost(),
        e.storageCostPerMonth(),
        e.apiCost());
    out.flush();
  }
}
