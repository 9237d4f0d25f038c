package io.aurum.core.analysis;

import io.aurum.core.config.AurumConfig;
import io.aurum.core.error.AurumException;
import io.aurum.core.estimate.CostModel;
import io.aurum.core.model.Operation;
import io.aurum.core.model.OperationParams;
import io.aurum.core.model.OperationProgress;
import io.aurum.core.model.PartitionVersion;
import io.aurum.core.model.Task;
import io.aurum.core.model.TaskState;
import io.aurum.core.model.VersionState;
import io.aurum.core.port.Store;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What one operation did (runbook §1.6.3): per-dataset coverage, quality per partition, throughput
 * over time, records per day, retries and errors, estimate against actual, and cost. Built from the
 * operation, its tasks, the versions it wrote and its audit trail. Reads only.
 */
public record OperationReport(
    Operation operation,
    OperationProgress progress,
    Duration runTime,
    List<DatasetLine> datasets,
    List<PartitionQuality> quality,
    List<ThroughputPoint> throughput,
    Map<LocalDate, Long> recordsPerDay,
    List<Comparison> estimateVsActual,
    double cost,
    String currency,
    List<String> errors) {

  /** Tasks and records of one dataset. */
  public record DatasetLine(
      String dataset, int partitions, int succeeded, int failed, int other, long records) {}

  /** Quality score of a version the operation wrote. */
  public record PartitionQuality(
      String dataset, LocalDate period, double score, VersionState state) {}

  /** Records published during one slice of the run. {@code at} is seconds since the start. */
  public record ThroughputPoint(double at, long records, double recordsPerSecond) {}

  /** An estimated figure against what happened; {@code estimate} is null when none was stored. */
  public record Comparison(String metric, Double estimate, double actual) {
    public Double errorPercent() {
      return estimate == null || estimate == 0 ? null : (actual - estimate) / estimate * 100;
    }
  }

  static final int SLICES = 20;

  public static OperationReport build(Store store, AurumConfig config, String id, Instant now) {
    Operation op =
        store.operations().find(id).orElseThrow(() -> AurumException.NotFound.noOperation(id));
    OperationProgress progress = store.operations().progress(id);
    List<Task> tasks = store.tasks().list(id, java.util.Set.of());
    Map<String, long[]> byDataset = new TreeMap<>();
    List<String> errors = new ArrayList<>();
    for (Task t : tasks) {
      long[] a = byDataset.computeIfAbsent(t.partition().dataset(), k -> new long[5]);
      a[0]++;
      if (t.state() == TaskState.SUCCEEDED) {
        a[1]++;
      } else if (t.state() == TaskState.FAILED) {
        a[2]++;
        errors.add(t.partition() + ": " + t.lastError());
      } else {
        a[3]++;
      }
      a[4] += t.counters().records();
    }
    List<DatasetLine> lines = new ArrayList<>();
    byDataset.forEach(
        (k, a) ->
            lines.add(new DatasetLine(k, (int) a[0], (int) a[1], (int) a[2], (int) a[3], a[4])));

    List<PartitionVersion> versions = store.versions().versionsOf(id);
    List<PartitionQuality> quality = new ArrayList<>();
    Map<LocalDate, Long> perDay = new TreeMap<>();
    for (PartitionVersion v : versions) {
      quality.add(
          new PartitionQuality(
              v.partition().dataset(), v.partition().period(), v.qualityScore(), v.state()));
      perDay.merge(v.partition().period(), v.recordCount(), Long::sum);
    }

    RunTime ran = RunTime.of(store.audit().entries(id), now);
    Instant start = ran.start();
    Duration run = ran.total();
    List<ThroughputPoint> throughput = throughput(versions, start, run);

    OperationParams.Estimate x = op.spec().params().estimate();
    List<Comparison> cmp = new ArrayList<>();
    cmp.add(
        new Comparison(
            "api_calls", x == null ? null : num(x.apiCalls()), progress.counters().apiCalls()));
    cmp.add(
        new Comparison(
            "records", x == null ? null : num(x.records()), progress.counters().records()));
    cmp.add(
        new Comparison("bytes", x == null ? null : num(x.bytes()), progress.counters().bytes()));
    cmp.add(
        new Comparison(
            "duration_seconds", x == null ? null : x.durationSeconds(), run.toMillis() / 1000.0));
    cmp.add(new Comparison("partitions", x == null ? null : num(x.partitions()), tasks.size()));

    CostModel cm = config.costModel();
    double cost =
        run.toMillis() / 3_600_000.0 * cm.computePerHour()
            + progress.counters().records() * cm.storageBytesPerRow() / 1e9 * cm.storagePerGbMonth()
            + progress.counters().apiCalls() * cm.callCost(op.source());
    return new OperationReport(
        op, progress, run, lines, quality, throughput, perDay, cmp, cost, cm.currency(), errors);
  }

  private static Double num(Number n) {
    return n == null ? null : n.doubleValue();
  }

  private static List<ThroughputPoint> throughput(
      List<PartitionVersion> versions, Instant start, Duration run) {
    if (start == null || versions.isEmpty()) {
      return List.of();
    }
    Instant last = versions.stream().map(PartitionVersion::createdAt).max(Instant::compareTo).get();
    long spanMs = Math.max(1, Math.max(run.toMillis(), Duration.between(start, last).toMillis()));
    double slice = spanMs / (double) SLICES;
    long[] records = new long[SLICES];
    for (PartitionVersion v : versions) {
      long at = Math.max(0, Duration.between(start, v.createdAt()).toMillis());
      records[(int) Math.min(SLICES - 1, at / slice)] += v.recordCount();
    }
    List<ThroughputPoint> out = new ArrayList<>();
    for (int i = 0; i < SLICES; i++) {
      out.add(new ThroughputPoint((i + 1) * slice / 1000, records[i], records[i] / (slice / 1000)));
    }
    return out;
  }
}
