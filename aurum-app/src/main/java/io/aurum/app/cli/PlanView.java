package io.aurum.app.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.aurum.core.error.AurumException;
import io.aurum.core.model.OperationSpec;
import io.aurum.core.plan.Planner;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Renders a plan (a dry run): partitions, API calls, records and duration at the effective rate.
 */
final class PlanView {
  private PlanView() {}

  /** Renders the plan with the quota-days it takes under the source's daily caps. */
  static void render(
      OperationSpec spec,
      Planner.Plan plan,
      io.aurum.core.config.AurumConfig config,
      String format,
      PrintWriter out) {
    render(
        spec,
        plan,
        Planner.quotaDays(plan, config.quotas().get(spec.source()), config.catalog()),
        format,
        out);
  }

  static void render(
      OperationSpec spec, Planner.Plan plan, long quotaDays, String format, PrintWriter out) {
    Map<String, int[]> perDataset = new LinkedHashMap<>();
    for (Planner.PlannedPartition p : plan.partitions()) {
      int[] a = perDataset.computeIfAbsent(p.key().dataset(), k -> new int[4]);
      a[0]++;
      a[1] += p.requests();
      a[2] += p.expectedRows();
      a[3] += p.requests() > 0 ? 1 : 0;
    }
    switch (format == null ? "table" : format) {
      case "json" -> {
        ObjectNode n = StatusView.JSON.createObjectNode();
        n.put("dry_run", true);
        n.put("source", spec.source().cliName());
        n.put("start_date", spec.startDate().toString());
        n.put("end_date", spec.endDate().toString());
        n.put("partitions", plan.partitions().size());
        n.put("already_covered", plan.alreadyCovered());
        n.put("fetch_windows", plan.windows());
        n.put("api_calls", plan.requests());
        n.put("records", plan.records());
        n.put("effective_rate_per_second", plan.effectiveRate());
        n.put("rate_bound", plan.bound());
        n.put("estimated_duration_seconds", plan.estimatedDuration().toMillis() / 1000.0);
        n.put("quota_days", quotaDays);
        n.put("concurrency", spec.concurrency());
        n.put("batch_size", spec.batchSize());
        ArrayNode ds = n.putArray("datasets");
        perDataset.forEach(
            (k, a) ->
                ds.addObject()
                    .put("dataset", k)
                    .put("partitions", a[0])
                    .put("fetch_windows", a[3])
                    .put("api_calls", a[1])
                    .put("records", a[2]));
        try {
          out.println(StatusView.JSON.writeValueAsString(n));
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
      }
      case "table" -> {
        out.printf(
            "dry run: backfill %s %s..%s (nothing fetched, nothing written)%n",
            spec.source().cliName(), spec.startDate(), spec.endDate());
        out.printf(
            "%-16s %10s %8s %10s %12s%n",
            "dataset", "partitions", "windows", "api_calls", "records");
        perDataset.forEach(
            (k, a) -> out.printf("%-16s %10d %8d %10d %12d%n", k, a[0], a[3], a[1], a[2]));
        out.printf(
            "partitions: %d (%d covered already)%n",
            plan.partitions().size(), plan.alreadyCovered());
        out.printf(
            "api calls: %d in %d fetch window(s) (each as large as one request of the API allows)%n",
            plan.requests(), plan.windows());
        out.printf("records: %d%n", plan.records());
        out.printf(
            Locale.ROOT,
            "estimated duration: %s at %.2f requests/s (%s-bound; concurrency %d, batch size %d)%n",
            Format.duration(plan.estimatedDuration()),
            plan.effectiveRate(),
            plan.bound(),
            spec.concurrency(),
            spec.batchSize());
        if (quotaDays > 1) {
          out.printf(
              "quota-days: %d (the daily quota, less the share kept for routine ingestion, runs out;"
                  + " the operation waits for each reset as WAITING_FOR_QUOTA)%n",
              quotaDays);
        }
      }
      default ->
          throw new AurumException.BadInput("unknown --format '" + format + "': use table or json");
    }
    out.flush();
  }
}
