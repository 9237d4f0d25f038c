package io.aurum.app.metrics;

import io.aurum.core.config.AurumConfig;
import io.aurum.core.engine.EngineListener;
import io.aurum.core.engine.OperationRunner;
import io.aurum.core.model.Operation;
import io.aurum.core.model.SourceId;
import io.aurum.core.model.Task;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The engine's events ({@link EngineListener}) as Prometheus metrics in a Micrometer registry. The
 * names and labels are the ones docs/monitoring.md lists; every label value comes from a bounded
 * set (sources, datasets of the catalogue, operation types, outcomes, HTTP statuses, quota lanes
 * and windows): never an operation id, task or partition. Thread-safe.
 */
public final class EngineMetrics implements EngineListener {
  /** Bucket bounds of the upstream request histogram: 5 ms to 60 s. */
  static final Duration[] REQUEST_BUCKETS =
      millis(5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10_000, 30_000, 60_000);

  /** Bucket bounds of the store's group-commit histogram: 1 ms to 5 s. */
  static final Duration[] PUBLISH_BUCKETS =
      millis(1, 2, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000);

  private static Duration[] millis(long... bounds) {
    Duration[] out = new Duration[bounds.length];
    for (int i = 0; i < bounds.length; i++) {
      out[i] = Duration.ofMillis(bounds[i]);
    }
    return out;
  }

  private final Meters meters;
  // Operation id -> the meters of its partitions. Only runs this process drives.
  private final Map<String, RunMeters> runs = new ConcurrentHashMap<>();
  // Tasks of an operation this process did not start: operation type "unknown".
  private final Map<SourceId, RunMeters> unknownRuns = new ConcurrentHashMap<>();
  private final Map<SourceId, UpstreamMeters> upstream = new ConcurrentHashMap<>();
  private final Map<SourceId, StoreMeters> stores = new ConcurrentHashMap<>();
  private final AtomicLong seen = new AtomicLong();
  private final CostMeter cost;

  public EngineMetrics(MeterRegistry registry) {
    this.meters = new Meters(registry);
    this.cost = new CostMeter(meters);
  }

  /** Prices requests and bytes with the cost model, for {@code aurum_cost_estimated_usd_total}. */
  public void pricedBy(AurumConfig config) {
    cost.pricedBy(config);
  }

  /** How many operation runs this process started: metrics worth lingering for. */
  long operationsSeen() {
    return seen.get();
  }

  static String source(SourceId s) {
    return s.cliName();
  }

  static String type(Operation op) {
    return op == null ? "unknown" : op.type().name().toLowerCase(Locale.ROOT);
  }

  // Events come several times a partition: each finds its meters with one or two map reads of
  // keys whose hash is cached (an operation id, a dataset, an enum), allocating nothing. Building
  // tags or a lookup key per event cost more than the counting itself (issue 19's overhead bench).

  private RunMeters run(Operation op) {
    RunMeters r = runs.get(op.id());
    return r != null ? r : runs.computeIfAbsent(op.id(), id -> new RunMeters(meters, type(op)));
  }

  private FlowMeters flow(Task t) {
    SourceId src = t.partition().source();
    RunMeters r = runs.get(t.operationId());
    if (r == null) {
      r = unknownRuns.computeIfAbsent(src, s -> new RunMeters(meters, type(null)));
    }
    return r.flow(src, t.partition().dataset());
  }

  private UpstreamMeters upstream(SourceId s) {
    UpstreamMeters u = upstream.get(s);
    return u != null ? u : upstream.computeIfAbsent(s, k -> new UpstreamMeters(meters, k));
  }

  // --- operations ---

  @Override
  public void operationStarted(Operation op) {
    seen.incrementAndGet();
    run(op);
    meters
        .counter(
            "aurum.operations.started",
            "Operation runs this process started (a resume is a new run).",
            null,
            "source",
            source(op.source()),
            "operation_type",
            type(op))
        .increment();
    activeGauge(op).incrementAndGet();
    cost.of(op.source());
  }

  @Override
  public void operationEnded(Operation op, OperationRunner.Outcome outcome) {
    meters
        .counter(
            "aurum.operations.ended",
            "Operation runs this process ended, by outcome (succeeded, failed, paused, cancelled).",
            null,
            "source",
            source(op.source()),
            "operation_type",
            type(op),
            "outcome",
            outcome.name().toLowerCase(Locale.ROOT))
        .increment();
    activeGauge(op).decrementAndGet();
  }

  private AtomicLong activeGauge(Operation op) {
    return meters.gauge(
        "aurum.operations.active",
        "Operations this process is running now.",
        "source",
        source(op.source()),
        "operation_type",
        type(op));
  }

  @Override
  public void taskPublished(Task task, long versionId, long records) {
    FlowMeters f = flow(task);
    f.published().increment();
    f.rows().increment(records);
  }

  @Override
  public void taskFailed(Task task, String reason) {
    flow(task).failed().increment();
  }

  @Override
  public void taskSkipped(Task task, String reason) {
    flow(task).skipped().increment();
  }

  // --- upstream ---

  @Override
  public void upstreamRequest(Operation op, String dataset, int status, Duration elapsed) {
    UpstreamMeters u = upstream(op.source());
    u.requests(status).increment();
    u.duration.record(elapsed);
    cost.requests(op.source(), 1);
  }

  @Override
  public void upstreamBytes(Operation op, String dataset, long bytes) {
    run(op).flow(op.source(), dataset).bytes().increment(bytes);
    cost.bytes(op.source(), bytes);
  }

  @Override
  public void upstreamThrottled(Operation op, String lane) {
    meters
        .counter(
            "aurum.upstream.throttled",
            "Upstream answers that throttled (HTTP 429 or the API's equivalent).",
            null,
            "source",
            source(op.source()),
            "lane",
            lane)
        .increment();
  }

  @Override
  public void windowRetried(Operation op, String dataset, String kind) {
    meters
        .counter(
            "aurum.upstream.retries",
            "Fetch windows retried after an upstream error: backoff (again later) or split (in halves).",
            null,
            "source",
            source(op.source()),
            "dataset",
            dataset,
            "operation_type",
            type(op),
            "kind",
            kind)
        .increment();
  }

  @Override
  public void breakerState(SourceId source, String lane, boolean open) {
    meters
        .gauge(
            "aurum.breaker.open",
            "1 while the circuit breaker of the source's lane is open, else 0.",
            "source",
            source(source),
            "lane",
            lane)
        .set(open ? 1 : 0);
  }

  // --- quotas ---

  @Override
  public void quotaWaited(Operation op, String lane, String kind, Duration waited) {
    String src = source(op.source());
    meters
        .counter(
            "aurum.quota.wait",
            "Time spent waiting for quota: rate_limit (blocked in the per-second limiter), slot_wait (blocked for a fetch slot shared by every process), quota, breaker or slots (windows deferred).",
            "seconds",
            "source",
            src,
            "lane",
            lane,
            "kind",
            kind)
        .increment(waited.toNanos() / 1e9);
    if (!"rate_limit".equals(kind) && !"slot_wait".equals(kind)) {
      meters
          .counter(
              "aurum.quota.deferrals",
              "Fetch windows deferred for quota, by kind: quota, breaker or slots.",
              null,
              "source",
              src,
              "lane",
              lane,
              "kind",
              kind)
          .increment();
    }
  }

  @Override
  public void quotaLeft(SourceId source, String lane, Duration window, long left) {
    meters
        .gauge(
            "aurum.quota.tokens.remaining",
            "Requests left in the current shared quota window (window: its length in seconds),"
                + " after this process's last request.",
            "source",
            source(source),
            "lane",
            lane,
            "window",
            Long.toString(window.toSeconds()))
        .set(left);
  }

  // --- store ---

  @Override
  public void storePublished(SourceId source, int partitions, long rows, Duration elapsed) {
    StoreMeters m = stores.get(source);
    if (m == null) {
      m = stores.computeIfAbsent(source, k -> new StoreMeters(meters, k));
    }
    m.publish.record(elapsed);
    m.rows.increment(rows);
    m.partitions.increment(partitions);
    m.rate.add(rows, elapsed);
  }
}
