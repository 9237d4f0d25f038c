package io.aurum.core.analysis;

import io.aurum.core.config.AurumConfig;
import io.aurum.core.error.AurumException;
import io.aurum.core.model.Counters;
import io.aurum.core.model.Operation;
import io.aurum.core.model.OperationProgress;
import io.aurum.core.model.Task;
import io.aurum.core.port.Store;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Costs of operations (runbook §5.3) from what the store recorded: requests and bytes counted on
 * their tasks, rows written, and the time they ran (their audit trail). Reads only, so it works
 * from another terminal while an operation runs: a running operation's compute time counts up to
 * {@code now}.
 */
public final class Costs {
  private final Store store;
  private final AurumConfig config;
  private final Instant now;

  public Costs(Store store, AurumConfig config, Instant now) {
    this.store = store;
    this.config = config;
    this.now = now;
  }

  public String currency() {
    return config.costModel().currency();
  }

  public OperationCost of(String id) {
    Operation op =
        store.operations().find(id).orElseThrow(() -> AurumException.NotFound.noOperation(id));
    return of(op);
  }

  OperationCost of(Operation op) {
    OperationProgress progress = store.operations().progress(op.id());
    Counters c = progress.counters();
    double hours = RunTime.of(store.audit().entries(op.id()), now).total().toMillis() / 3.6e6;
    Usage usage = new Usage(c.apiCalls(), c.bytes(), c.records(), hours);
    Usage estimate = Usage.estimated(op.spec().params().estimate());
    CostPrices prices = CostPrices.of(config, op.source());
    List<CostLine> lines = prices.lines(usage, estimate);
    return new OperationCost(op, progress, usage, lines, byDataset(op, prices, usage, estimate));
  }

  /** Each dataset's tasks' counters, with compute time and estimate shared out by requests. */
  private Map<String, List<CostLine>> byDataset(
      Operation op, CostPrices prices, Usage total, Usage estimate) {
    Map<String, long[]> counted = new TreeMap<>();
    List<Task> tasks = store.tasks().list(op.id(), Set.of());
    for (Task t : tasks) {
      long[] a = counted.computeIfAbsent(t.partition().dataset(), k -> new long[4]);
      a[0] += t.counters().apiCalls();
      a[1] += t.counters().bytes();
      a[2] += t.counters().records();
      a[3]++;
    }
    Map<String, List<CostLine>> out = new TreeMap<>();
    counted.forEach(
        (dataset, a) -> {
          double share =
              total.requests() > 0
                  ? a[0] / (double) total.requests()
                  : a[3] / (double) tasks.size();
          Usage u = new Usage(a[0], a[1], a[2], total.hours() * share);
          Usage e =
              estimate == null
                  ? null
                  : new Usage(
                      Math.round(estimate.requests() * share),
                      Math.round(estimate.bytes() * share),
                      Math.round(estimate.records() * share),
                      estimate.hours() * share);
          out.put(dataset, prices.lines(u, e));
        });
    return out;
  }

  /**
   * Every operation created from {@code from} to {@code to} (UTC days, inclusive), oldest first.
   */
  public List<OperationCost> within(LocalDate from, LocalDate to) {
    Instant start = from.atStartOfDay(ZoneOffset.UTC).toInstant();
    Instant end = to.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
    List<OperationCost> out = new ArrayList<>();
    for (Operation op : store.operations().list(Set.of())) {
      if (!op.createdAt().isBefore(start) && op.createdAt().isBefore(end)) {
        out.add(0, of(op));
      }
    }
    return out;
  }

  /** Parses {@code START:END}, two ISO dates. */
  public static LocalDate[] range(String text) {
    String[] parts = text == null ? new String[0] : text.strip().split(":");
    try {
      if (parts.length == 2) {
        LocalDate[] r = {LocalDate.parse(parts[0].strip()), LocalDate.parse(parts[1].strip())};
        DateRanges.check(r[0], r[1]);
        return r;
      }
    } catch (java.time.format.DateTimeParseException e) {
      // reported below
    }
    throw new AurumException.BadInput(
        "time range '" + text + "' is not START:END in YYYY-MM-DD, e.g. 2024-12-01:2024-12-31");
  }
}
