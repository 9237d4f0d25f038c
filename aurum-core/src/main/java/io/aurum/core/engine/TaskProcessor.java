package io.aurum.core.engine;

import io.aurum.core.error.AurumException;
import io.aurum.core.error.UpstreamException;
import io.aurum.core.model.Checksums;
import io.aurum.core.model.ConflictStrategy;
import io.aurum.core.model.Counters;
import io.aurum.core.model.Dataset;
import io.aurum.core.model.Observation;
import io.aurum.core.model.Operation;
import io.aurum.core.model.OperationSpec;
import io.aurum.core.model.OperationType;
import io.aurum.core.model.PartitionKey;
import io.aurum.core.model.PartitionVersion;
import io.aurum.core.model.Task;
import io.aurum.core.port.Connector;
import io.aurum.core.port.FetchContext;
import io.aurum.core.port.PublishRequest;
import io.aurum.core.port.PublishResult;
import io.aurum.core.quality.QualityGate;
import io.aurum.core.quality.QualityReport;
import io.aurum.core.replay.Window;
import io.aurum.core.transform.TransformChain;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One task, start to end: fetch through the source's rate limiter, quality gate, stage in batches
 * when large, then write–audit–publish through the group-commit publisher, resolving a moved head
 * by the operation's conflict strategy. Retryable errors reschedule the task with backoff;
 * permanent ones fail it into the failure log. Thread-safe: workers share one instance.
 */
final class TaskProcessor {
  private static final Logger LOG = LoggerFactory.getLogger(TaskProcessor.class);
  private static final int MAX_CONFLICT_ROUNDS = 3;

  private final OperationRunner.Dependencies deps;
  private final GroupCommitPublisher publisher;
  private final LiveProgress progress;
  private final Operation op;
  private volatile QualityGate gate;
  private final FailureLog failureLog;
  // Issue 5: the operation's transforms (replay types, migrations, algorithms) and provenance.
  private final TransformChain chain;
  private volatile OperationSpec spec;
  private volatile RetryPolicy retry;
  private volatile boolean cancelled;
  // Per market of a per-market source (ISO), else one: throttle, shared quota, breaker, slots.
  private final QuotaLanes lanes;
  private volatile boolean waitingNoted;

  TaskProcessor(
      OperationRunner.Dependencies deps,
      GroupCommitPublisher publisher,
      LiveProgress progress,
      Operation op) {
    this.deps = deps;
    this.publisher = publisher;
    this.progress = progress;
    this.op = op;
    this.failureLog = new FailureLog(deps.failureLogDir(), deps.clock());
    this.gate = QualityGate.forOperation(deps.config(), op);
    this.chain = TransformChain.of(op);
    // Routine ingestion may use the whole quota; every other operation leaves it its share.
    this.lanes =
        new QuotaLanes(
            deps.store().quotaLedger(),
            op.source(),
            deps.config().quotas().get(op.source()),
            op.spec().extra().getOrDefault("quota_key", "default"),
            op.type() == OperationType.INGEST,
            op.spec().rateLimit(),
            deps.clock());
    adjust(op.spec());
  }

  /** Live adjustment: a changed rate limit or retry setting takes effect for the next request. */
  void adjust(OperationSpec next) {
    OperationSpec prev = spec;
    spec = next;
    if (prev != null && !qualitySettings(prev).equals(qualitySettings(next))) {
      // validate enable: the next versions pass the new profile's gate.
      gate = QualityGate.forOperation(deps.config(), op.withSpec(next));
    }
    if (prev != null && !java.util.Objects.equals(prev.rateLimit(), next.rateLimit())) {
      lanes.rate(next.rateLimit());
    }
    if (prev == null
        || prev.maxRetries() != next.maxRetries()
        || prev.retryBackoffSeconds() != next.retryBackoffSeconds()) {
      retry =
          new RetryPolicy(
              next.maxRetries(),
              Duration.ofMillis((long) (next.retryBackoffSeconds() * 1000)),
              new Random());
    }
  }

  private static java.util.List<String> qualitySettings(OperationSpec s) {
    return java.util.Arrays.asList(
        s.extra().get(QualityGate.PROFILE_KEY),
        s.extra().get(QualityGate.THRESHOLD_KEY),
        s.extra().get(QualityGate.CHECKS_KEY));
  }

  /** Aborts in-flight work (cancel --force): rate-limit waits and fetches stop. */
  void cancel() {
    cancelled = true;
  }

  void process(Task task) {
    process(task, () -> {});
  }

  /**
   * Runs one task; {@code upstreamDone} is called once the fetch has ended (well or not), when the
   * task needs the upstream no more and only waits for its publish.
   */
  void process(Task task, Runnable upstreamDone) {
    AtomicLong calls = new AtomicLong();
    AtomicLong bytes = new AtomicLong();
    PartitionKey key = task.partition();
    Dataset dataset;
    try {
      dataset = deps.config().catalog().get(key.source(), key.dataset());
    } catch (AurumException e) {
      failPermanently(task, e.getMessage(), null, Counters.ZERO);
      return;
    }
    Connector connector = deps.connectors().get(key.source());
    if (connector == null) {
      failPermanently(
          task, "no connector for source " + key.source().cliName(), null, Counters.ZERO);
      return;
    }
    QuotaLanes.Lane lane = lanes.of(dataset);
    SourceThrottle limiter = lane.throttle();
    SourceGuard guard = lane.guard;
    java.util.concurrent.atomic.AtomicReference<Instant> settled =
        new java.util.concurrent.atomic.AtomicReference<>();
    FetchContext context =
        new FetchContext() {
          @Override
          public void beforeRequest() {
            if (cancelled || Thread.currentThread().isInterrupted()) {
              throw new CancellationException("operation cancelled");
            }
            guard.beforeRequest();
            limiter.acquire(() -> cancelled);
          }

          @Override
          public void afterResponse(long n) {
            calls.incrementAndGet();
            bytes.addAndGet(n);
            progress.apiCalls.incrementAndGet();
            progress.bytes.addAndGet(n);
          }

          @Override
          public void settledUntil(Instant until) {
            settled.accumulateAndGet(until, (a, b) -> a == null || b.isBefore(a) ? b : a);
          }
        };
    Instant from = key.start(dataset);
    Instant to = key.end(dataset);
    List<Observation> rows = new ArrayList<>();
    boolean[] suspended = {false};
    try {
      // Issue 5: a windowed task fetches only its window and merges with the head (copy-on-write).
      Window window = Window.parse(task.window());
      Map<String, String> options = op.spec().extra();
      if (window != null && !window.series().isEmpty()) {
        options = new HashMap<>(options);
        options.put("series", String.join(",", window.series()));
      }
      if (!lane.tryEnter()) {
        // Every fetch slot of this market is busy: free the worker for the other markets.
        upstreamDone.run();
        waitFor(
            task,
            deps.clock().instant().plus(lane.slotWait()),
            "all " + lane.quota.maxConcurrency() + " request slot(s) of " + lane.name() + " busy");
        return;
      }
      try {
        connector.fetch(
            new Connector.FetchRequest(
                dataset,
                key,
                window == null ? from : window.from(),
                window == null ? to : window.to(),
                options),
            context,
            rows::add);
        // Before the slot is freed: the next fetch must know the key works.
        guard.onSuccess();
      } catch (UpstreamException e) {
        // Also before the slot is freed: the next fetch must see a breaker this error opens.
        suspended[0] = noteForGuard(lane, e);
        throw e;
      } finally {
        // The fetch slot is free as soon as the upstream is done with us.
        lane.leave();
        upstreamDone.run();
      }
      if (waitingNoted) {
        waitingNoted = false;
        deps.store().operations().setLastError(op.id(), null);
      }
      List<Observation> fetched = chain.apply(dataset, key, rows, deps.clock().instant());
      // A partition upstream has not settled yet (today) is scored over its settled part, keeps
      // nothing after it and is published incomplete, so the next run fetches it again.
      Instant cut = settled.get();
      boolean open = cut != null && cut.isBefore(to);
      Instant scoredTo = open && cut.isAfter(from) ? cut : to;
      Function<Long, QualityReport> candidate =
          head -> {
            List<Observation> previous =
                head == null || (window == null && !gate.wantsPrevious())
                    ? null
                    : deps.store().versions().observations(head);
            List<Observation> all =
                window == null
                    ? fetched
                    : window.merge(fetched, previous == null ? List.of() : previous);
            QualityReport r =
                gate.evaluate(
                    chain.target(dataset),
                    from,
                    scoredTo,
                    all,
                    gate.wantsPrevious() ? previous : null);
            return withValidation(r, chain.passRatio(r.rows()));
          };
      QualityReport verdict = candidate.apply(task.baseVersionId());
      publish(
          task,
          dataset,
          verdict,
          new Counters(verdict.rows().size(), calls.get(), bytes.get(), 0, 0),
          window == null ? null : candidate,
          open);
    } catch (QuotaWait w) {
      waitFor(task, w.until(), w.getMessage());
    } catch (UpstreamException e) {
      onUpstreamError(
          task, e, new Counters(0, calls.get(), bytes.get(), 0, 1), suspended[0], guard);
    } catch (CancellationException e) {
      LOG.debug("task {} aborted by cancel", task.id());
    } catch (RuntimeException e) {
      if (cancelled) {
        return;
      }
      LOG.error("task {} ({}) failed unexpectedly", task.id(), key, e);
      failPermanently(
          task, "internal error: " + e, null, new Counters(0, calls.get(), bytes.get(), 0, 1));
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
        r.findings());
  }

  private void publish(
      Task task,
      Dataset dataset,
      QualityReport verdict,
      Counters counters,
      Function<Long, QualityReport> rebase,
      boolean open) {
    boolean quarantine = !gate.passes(verdict);
    List<Observation> rows = verdict.rows();
    Long staged = null;
    int batch = Math.max(1, spec.batchSize());
    if (rows.size() > batch && rebase == null) {
      // Large versions are appended to a STAGED version batch by batch; the last batch goes with
      // the publish transaction.
      staged =
          deps.store()
              .versions()
              .stage(task.partition(), op.id(), task.id(), chain.schemaVersion(dataset));
      int cut = ((rows.size() - 1) / batch) * batch;
      for (int i = 0; i < cut; i += batch) {
        if (cancelled) {
          throw new CancellationException("operation cancelled");
        }
        deps.store().versions().append(staged, rows.subList(i, i + batch));
      }
      rows = rows.subList(cut, rows.size());
    }
    String checksum = Checksums.of(verdict.rows());
    Long expected = task.baseVersionId();
    ConflictStrategy strategy =
        ConflictStrategy.parse(
            spec.conflictStrategy() == null ? "latest_wins" : spec.conflictStrategy());
    for (int round = 0; ; round++) {
      PublishRequest request =
          new PublishRequest(
              task.id(),
              op.id(),
              task.partition(),
              staged,
              rows,
              verdict.rows().size(),
              checksum,
              chain.schemaVersion(dataset),
              verdict.score(),
              verdict.complete() && !open,
              expected,
              quarantine,
              quarantine
                  ? "below quality threshold " + gate.threshold() + ": " + verdict.describe()
                  : null,
              counters);
      PublishResult result = await(request);
      if (result instanceof PublishResult.Published p) {
        progress.succeeded.incrementAndGet();
        progress.records.addAndGet(verdict.rows().size());
        deps.listener().taskPublished(task, p.versionId(), verdict.rows().size());
        return;
      }
      if (result instanceof PublishResult.Quarantined) {
        progress.failed.incrementAndGet();
        String reason = "quarantined: " + request.quarantineReason();
        failureLog.append(entry(task, reason, null));
        deps.listener().taskFailed(task, reason);
        return;
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
        quarantine = !gate.passes(verdict);
      }
      switch (strategy) {
        case LATEST_WINS -> {
          if (round + 1 >= MAX_CONFLICT_ROUNDS) {
            failPermanently(
                task, moved + " " + MAX_CONFLICT_ROUNDS + " times: giving up", null, counters);
            return;
          }
          expected = head;
        }
        case HIGHEST_QUALITY -> {
          double theirs =
              head == null
                  ? -1
                  : deps.store()
                      .versions()
                      .version(head)
                      .map(PartitionVersion::qualityScore)
                      .orElse(-1.0);
          if (theirs >= verdict.score()) {
            skip(
                task,
                moved + "; kept it (quality " + theirs + " ≥ " + verdict.score() + ")",
                counters);
            return;
          }
          expected = head;
        }
        case KEEP_EXISTING -> {
          skip(task, moved + "; kept the existing head (keep_existing)", counters);
          return;
        }
        case MANUAL -> {
          // The candidate is kept as a QUARANTINED version (the head stays), so an operator can
          // see it with aurum conflicts detect and settle it with aurum conflicts resolve.
          PublishResult kept =
              await(
                  new PublishRequest(
                      task.id(),
                      op.id(),
                      task.partition(),
                      staged,
                      rows,
                      verdict.rows().size(),
                      checksum,
                      chain.schemaVersion(dataset),
                      verdict.score(),
                      verdict.complete() && !open,
                      head,
                      true,
                      "conflict (manual): " + moved + "; resolve it with aurum conflicts resolve",
                      counters));
          progress.failed.incrementAndGet();
          String reason =
              moved
                  + "; kept as version id "
                  + (kept instanceof PublishResult.Quarantined q ? q.versionId() : null)
                  + ", resolve it with aurum conflicts resolve";
          failureLog.append(entry(task, reason, null));
          deps.listener().taskFailed(task, reason);
          return;
        }
      }
    }
  }

  private PublishResult await(PublishRequest request) {
    try {
      return publisher.submit(request).get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CancellationException("interrupted while publishing");
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      throw cause instanceof RuntimeException r ? r : new IllegalStateException(cause);
    }
  }

  private void skip(Task task, String reason, Counters counters) {
    deps.store().tasks().skip(task.id(), reason, counters);
    progress.skipped.incrementAndGet();
    deps.listener().taskSkipped(task, reason);
  }

  /**
   * Tells the throttle and the guard about an upstream error; true when it was a 401/403 on a key
   * that worked, which opened the source's breaker.
   */
  private static boolean noteForGuard(QuotaLanes.Lane lane, UpstreamException e) {
    if (e.throttled()) {
      lane.throttle().onThrottled(e.retryAfter().orElse(null));
      lane.guard.onThrottled();
    }
    int status = e.httpStatus().orElse(0);
    return !e.retryable() && (status == 401 || status == 403) && lane.guard.onRejectedKey(status);
  }

  private void onUpstreamError(
      Task task, UpstreamException e, Counters counters, boolean suspended, SourceGuard guard) {
    progress.errors.incrementAndGet();
    if (suspended) {
      waitFor(
          task, guard.openUntil().orElse(deps.clock().instant().plusSeconds(30)), e.getMessage());
      return;
    }
    if (retry.shouldRetry(e, task.attempts())) {
      Duration delay = retry.delay(e, task.attempts());
      progress.retries.incrementAndGet();
      deps.store()
          .tasks()
          .retryLater(
              task.id(),
              deps.clock().instant().plus(delay),
              e.getMessage(),
              new Counters(0, counters.apiCalls(), counters.bytes(), 1, 1));
      deps.listener().taskRetrying(task, e.getMessage(), delay);
      return;
    }
    String reason =
        e.retryable()
            ? "gave up after " + task.attempts() + " attempt(s): " + e.getMessage()
            : e.getMessage();
    failPermanently(task, reason, e.httpStatus().orElse(null), counters);
  }

  /**
   * The task waits for the quota window or the breaker without using an attempt; the operation
   * shows WAITING_FOR_QUOTA and when it resumes.
   */
  private void waitFor(Task task, Instant until, String reason) {
    String note = "WAITING_FOR_QUOTA until " + until + ": " + reason;
    deps.store().tasks().defer(task.id(), until, note);
    if (!waitingNoted) {
      waitingNoted = true;
      deps.store().operations().setLastError(op.id(), note);
    }
    deps.listener().taskRetrying(task, note, Duration.between(deps.clock().instant(), until));
  }

  private void failPermanently(Task task, String reason, Integer status, Counters counters) {
    deps.store().tasks().fail(task.id(), reason, counters);
    progress.failed.incrementAndGet();
    failureLog.append(entry(task, reason, status));
    deps.listener().taskFailed(task, reason);
  }

  private FailureLog.Entry entry(Task task, String reason, Integer status) {
    PartitionKey k = task.partition();
    return new FailureLog.Entry(
        op.id(),
        k.source().cliName(),
        k.dataset(),
        k.period().toString(),
        task.window(),
        reason,
        status,
        task.attempts());
  }
}
