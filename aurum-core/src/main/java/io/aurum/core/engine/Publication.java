package io.aurum.core.engine;

import io.aurum.core.model.Checksums;
import io.aurum.core.model.ConflictStrategy;
import io.aurum.core.model.Counters;
import io.aurum.core.model.Dataset;
import io.aurum.core.model.Observation;
import io.aurum.core.model.Task;
import io.aurum.core.port.PublishRequest;
import io.aurum.core.port.PublishResult;
import io.aurum.core.publish.PublishDecision;
import io.aurum.core.publish.PublishDecision.Decision;
import io.aurum.core.quality.QualityReport;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.function.Function;

/**
 * The publish of one partition, round by round: {@link #request} is the next request to send,
 * {@link #settle} takes its result and says whether the partition is done, resolving a moved head
 * by the operation's conflict strategy. Large versions are staged batch by batch first. Not
 * thread-safe: one worker publishes one partition.
 */
final class Publication {
  private static final int MAX_CONFLICT_ROUNDS = 3;

  private final TaskContext ctx;
  private final TaskFailures failures;
  final Task task;
  final Dataset dataset;
  final Counters counters;
  final Function<Long, QualityReport> rebase;
  final boolean open;
  final ConflictStrategy strategy;
  QualityReport verdict;
  boolean quarantine;
  List<Observation> rows;
  Long staged;
  String checksum;
  Long expected;
  int round;

  Publication(
      TaskContext ctx,
      TaskFailures failures,
      Task task,
      Dataset dataset,
      QualityReport verdict,
      String checksum,
      boolean held,
      Counters counters,
      Function<Long, QualityReport> rebase,
      boolean open) {
    this.ctx = ctx;
    this.failures = failures;
    this.task = task;
    this.dataset = dataset;
    this.verdict = verdict;
    this.counters = counters;
    this.rebase = rebase;
    this.open = open;
    this.quarantine = held;
    this.rows = verdict.rows();
    int batch = Math.max(1, ctx.spec.batchSize());
    if (rows.size() > batch && rebase == null) {
      // Large versions are appended to a STAGED version batch by batch; the last batch goes
      // with the publish transaction.
      staged =
          ctx.deps
              .store()
              .versions()
              .stage(task.partition(), ctx.op.id(), task.id(), ctx.chain.schemaVersion(dataset));
      int cut = ((rows.size() - 1) / batch) * batch;
      for (int i = 0; i < cut; i += batch) {
        if (ctx.cancelled) {
          throw new CancellationException("operation cancelled");
        }
        ctx.deps.store().versions().append(staged, rows.subList(i, i + batch));
      }
      rows = rows.subList(cut, rows.size());
    }
    this.checksum = checksum;
    this.expected = task.baseVersionId();
    this.strategy = ctx.strategy();
  }

  PublishRequest request() {
    return request(
        expected,
        quarantine,
        quarantine
            ? "below quality threshold " + ctx.gate.threshold() + ": " + verdict.describe()
            : null);
  }

  /** This partition's version, compared-and-set from {@code expectedHead}. */
  PublishRequest request(Long expectedHead, boolean quarantined, String reason) {
    return new PublishRequest(
        task.id(),
        task.leaseOwner(),
        ctx.op.id(),
        task.partition(),
        staged,
        rows,
        verdict.rows().size(),
        checksum,
        ctx.chain.schemaVersion(dataset),
        verdict.score(),
        verdict.complete() && !open,
        expectedHead,
        quarantined,
        reason,
        counters);
  }

  /** True when the partition is done; false when {@link #request} must go again. */
  boolean settle(PublishResult result) {
    if (result instanceof PublishResult.Fenced f) {
      failures.fenced(task, f);
      return true;
    }
    if (result instanceof PublishResult.Published p) {
      ctx.progress.succeeded.incrementAndGet();
      ctx.progress.records.addAndGet(verdict.rows().size());
      ctx.deps.listener().taskPublished(task, p.versionId(), verdict.rows().size());
      return true;
    }
    if (result instanceof PublishResult.Quarantined q) {
      ctx.progress.failed.incrementAndGet();
      String reason = "quarantined: " + request().quarantineReason();
      failures.failureLog.append(failures.entry(task, reason, null));
      ctx.deps.listener().taskQuarantined(task, q.versionId(), request().quarantineReason());
      ctx.deps.listener().taskFailed(task, reason);
      return true;
    }
    Long head = ((PublishResult.Conflict) result).currentHeadVersionId();
    String moved =
        "head of "
            + task.partition()
            + " moved to version id "
            + head
            + " since the task was planned";
    if (rebase != null && strategy != ConflictStrategy.KEEP_EXISTING) {
      // A window's rows outside it come from the head: rebuild them from the head that won.
      verdict = rebase.apply(head);
      rows = verdict.rows();
      checksum = Checksums.of(rows);
    }
    round++;
    // Only highest_quality compares with the head's version: the others need its id alone.
    PublishDecision.Current current =
        head != null && strategy == ConflictStrategy.HIGHEST_QUALITY
            ? ctx.deps
                .store()
                .versions()
                .version(head)
                .map(PublishDecision.Current::of)
                .orElse(PublishDecision.Current.of(head))
            : PublishDecision.Current.of(head);
    Decision d =
        PublishDecision.decide(
            PublishDecision.Candidate.fresh(
                expected, verdict.score(), checksum, ctx.quality(verdict)),
            current,
            strategy);
    ctx.deps.listener().taskConflict(task, head, strategy.cliName(), settled(d));
    if (d instanceof Decision.Publish p) {
      if (strategy == ConflictStrategy.LATEST_WINS && round >= MAX_CONFLICT_ROUNDS) {
        failures.failPermanently(
            task, moved + " " + MAX_CONFLICT_ROUNDS + " times: giving up", null, counters);
        return true;
      }
      expected = p.replaces();
      return false;
    }
    if (d instanceof Decision.Hold) {
      // Rebuilt over the head that won, the version fell below the threshold: it is
      // quarantined like any other (a quarantine moves no head, so it cannot conflict).
      quarantine = true;
      expected = head;
      return false;
    }
    if (d instanceof Decision.KeepExisting k) {
      failures.skip(task, moved + "; " + k.reason(), counters);
      return true;
    }
    if (d instanceof Decision.Conflict) {
      // manual: the candidate is kept as a QUARANTINED version (the head stays), so an operator
      // can see it with aurum conflicts detect and settle it with aurum conflicts resolve.
      PublishResult kept =
          await(
              ctx.publisher.submit(
                  request(
                      head,
                      true,
                      "conflict (manual): "
                          + moved
                          + "; resolve it with aurum conflicts resolve")));
      if (kept instanceof PublishResult.Fenced f) {
        failures.fenced(task, f);
        return true;
      }
      ctx.progress.failed.incrementAndGet();
      if (kept instanceof PublishResult.Quarantined q) {
        ctx.deps.listener().taskQuarantined(task, q.versionId(), "conflict (manual): " + moved);
      }
      String reason =
          moved
              + "; kept as version id "
              + (kept instanceof PublishResult.Quarantined q ? q.versionId() : null)
              + ", resolve it with aurum conflicts resolve";
      failures.failureLog.append(failures.entry(task, reason, null));
      ctx.deps.listener().taskFailed(task, reason);
      return true;
    }
    throw new IllegalStateException("a strategy left the conflict undecided: " + d);
  }

  /** How a conflict was settled, in {@link EngineListener#taskConflict}'s words. */
  private static String settled(Decision d) {
    if (d instanceof Decision.Publish) {
      return "republish";
    }
    if (d instanceof Decision.Hold) {
      return "quarantine";
    }
    return d instanceof Decision.KeepExisting ? "keep_existing" : "manual";
  }

  /** The result of a submitted publish request, waited for; interrupted is cancelled. */
  static PublishResult await(java.util.concurrent.Future<PublishResult> future) {
    try {
      return future.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CancellationException("interrupted while publishing");
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      throw cause instanceof RuntimeException r ? r : new IllegalStateException(cause);
    }
  }
}
