package io.aurum.core.engine;

import io.aurum.core.model.Checksums;
import io.aurum.core.model.Counters;
import io.aurum.core.model.Dataset;
import io.aurum.core.model.Observation;
import io.aurum.core.model.PartitionKey;
import io.aurum.core.model.Task;
import io.aurum.core.publish.PublishDecision;
import io.aurum.core.publish.PublishDecision.Decision;
import io.aurum.core.quality.QualityReport;
import io.aurum.core.replay.Window;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Prepares each partition of a fetched window as a publish candidate: its rows, the transforms, the
 * quality gate's verdict, its rejected records and the first publish decision. Thread-safe:
 * stateless over thread-safe parts.
 */
final class CandidatePreparer {
  private final TaskContext ctx;
  private final TaskFailures failures;

  CandidatePreparer(TaskContext ctx, TaskFailures failures) {
    this.ctx = ctx;
    this.failures = failures;
  }

  /**
   * The window's rows by task: each task gets the rows of its partition; rows of partitions the
   * window spans but no task needs are dropped. Tasks are in period order.
   */
  static List<List<Observation>> split(List<Task> window, Dataset dataset, List<Observation> rows) {
    if (window.size() == 1) {
      List<List<Observation>> one = new ArrayList<>(1);
      one.add(rows);
      return one;
    }
    int n = window.size();
    long[] starts = new long[n];
    long[] ends = new long[n];
    List<List<Observation>> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      PartitionKey k = window.get(i).partition();
      starts[i] = k.start(dataset).getEpochSecond();
      ends[i] = k.end(dataset).getEpochSecond();
      out.add(new ArrayList<>());
    }
    for (Observation o : rows) {
      long at = o.period().getEpochSecond();
      int i = java.util.Arrays.binarySearch(starts, at);
      if (i < 0) {
        i = -i - 2;
      }
      if (i >= 0 && at < ends[i]) {
        out.get(i).add(o);
      }
    }
    return out;
  }

  /** One partition of a window: transforms, the quality verdict, staging of large versions. */
  Publication prepare(
      Task task, Dataset dataset, List<Observation> rows, Instant cut, Counters fetch) {
    PartitionKey key = task.partition();
    Instant from = key.start(dataset);
    Instant to = key.end(dataset);
    // Issue 5: a windowed task fetches only its window and merges with the head (copy-on-write).
    Window window = Window.parse(task.window());
    List<Observation> fetched = ctx.chain.apply(dataset, key, rows, ctx.deps.clock().instant());
    // A partition upstream has not settled yet (today) is scored over its settled part, keeps
    // nothing after it and is published incomplete, so the next run fetches it again.
    boolean open = cut != null && cut.isBefore(to);
    Instant scoredTo = open && cut.isAfter(from) ? cut : to;
    Dataset target = ctx.chain.target(dataset);
    java.util.concurrent.atomic.AtomicBoolean carried =
        new java.util.concurrent.atomic.AtomicBoolean();
    Function<Long, QualityReport> candidate =
        head -> {
          List<Observation> previous =
              head == null || (window == null && !ctx.gate.wantsPrevious())
                  ? null
                  : ctx.deps.store().versions().observations(head);
          List<Observation> all =
              window == null
                  ? fetched
                  : window.merge(fetched, previous == null ? List.of() : previous);
          List<Observation> drift = ctx.gate.wantsPrevious() ? previous : null;
          QualityReport r = ctx.gate.evaluate(target, from, scoredTo, all, drift);
          if (!r.rejected().isEmpty() && head != null) {
            // A rejected value never supersedes a published one: the head's value of that point
            // goes on into the new version.
            List<Observation> kept =
                RejectedRecords.keptFromHead(
                    r,
                    previous != null ? previous : ctx.deps.store().versions().observations(head));
            if (!kept.isEmpty()) {
              carried.set(true);
              List<Observation> more = new ArrayList<>(all.size() + kept.size());
              more.addAll(all);
              more.addAll(kept);
              r = ctx.gate.evaluate(target, from, scoredTo, more, drift);
            }
          }
          return withValidation(r, ctx.chain.passRatio(r.rows()));
        };
    QualityReport verdict = candidate.apply(task.baseVersionId());
    boolean allRejected = false;
    if (!verdict.rejected().isEmpty()) {
      failures.logRejected(task, verdict.rejected());
      allRejected = RejectedRecords.everyRowRejected(fetched, verdict);
    }
    // Decided against the head the task planned on, as far as the engine knows; the group commit
    // decides again against the head it reads under the partition lock.
    String checksum = Checksums.of(verdict.rows());
    Decision first =
        PublishDecision.decide(
            PublishDecision.Candidate.fresh(
                task.baseVersionId(),
                verdict.score(),
                checksum,
                allRejected ? PublishDecision.Quality.ALL_REJECTED : ctx.quality(verdict)),
            PublishDecision.Current.of(task.baseVersionId()),
            ctx.strategy());
    if (first instanceof Decision.Hold h && !h.keep()) {
      throw new AllRejected(verdict);
    }
    return new Publication(
        ctx,
        failures,
        task,
        dataset,
        verdict,
        checksum,
        first instanceof Decision.Hold,
        new Counters(verdict.rows().size(), fetch.apiCalls(), fetch.bytes(), fetch.retries(), 0),
        // A version that carries head values must be rebuilt from the head that wins a conflict.
        window == null && !carried.get() ? null : candidate,
        open);
  }

  /** Every row a partition's fetch returned was rejected: the partition is not published. */
  static final class AllRejected extends RuntimeException {
    final transient QualityReport verdict;

    AllRejected(QualityReport verdict) {
      super(null, null, false, false);
      this.verdict = verdict;
    }
  }

  /** The report with a validation script's verdict folded in: failing rows lower the score. */
  private static QualityReport withValidation(QualityReport r, double ratio) {
    if (ratio >= 1.0) {
      return r;
    }
    QualityReport.Defects d = r.defects();
    int failed = (int) Math.round((1 - ratio) * r.rows().size());
    return new QualityReport(
        r.from(),
        r.to(),
        r.rows(),
        r.expected(),
        r.present(),
        r.scores(),
        r.score() * ratio,
        new QualityReport.Defects(
            d.missing(),
            d.invalid() + failed,
            d.notANumber(),
            d.outOfRange(),
            d.wrongUnit(),
            d.duplicates(),
            d.misaligned(),
            d.unknownSeries(),
            d.drifted()),
        r.findings(),
        r.rejected());
  }
}
