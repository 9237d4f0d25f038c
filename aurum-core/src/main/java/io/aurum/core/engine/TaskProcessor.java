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
import io.aurum.core.model.OperationState;
import io.aurum.core.model.OperationType;
import io.aurum.core.model.PartitionKey;
import io.aurum.core.model.Task;
import io.aurum.core.port.Connector;
import io.aurum.core.port.FetchContext;
import io.aurum.core.port.PublishRequest;
import io.aurum.core.port.PublishResult;
import io.aurum.core.publish.PublishDecision;
import io.aurum.core.publish.PublishDecision.Decision;
import io.aurum.core.quality.Plausibility;
import io.aurum.core.quality.QualityGate;
import io.aurum.core.quality.QualityReport;
import io.aurum.core.replay.Window;
import io.aurum.core.transform.TransformChain;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
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

  /** Partitions of a window prepared and submitted together: several group commits' worth. */
  private static final int PUBLISH_SLICE = 1024;

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
  private volatile boolean pausing;
  // Per market of a per-market source (ISO), else one: throttle, shared quota, breaker, slots.
  private final QuotaLanes lanes;
  // What the operation waits for, on the progress line and in `aurum status`.
  private final WaitNotes waits;

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
            java.util.Objects.requireNonNullElse(op.spec().params().quotaKey(), "default"),
            op.type() == OperationType.INGEST,
            op.spec().rateLimit(),
            deps.clock());
    this.waits = new WaitNotes(deps.store().operations(), op.id(), progress, deps.clock());
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

  private static io.aurum.core.model.OperationParams.Quality qualitySettings(OperationSpec s) {
    return s.params().quality();
  }

  /** Aborts in-flight work (cancel --force): rate-limit waits and fetches stop. */
  void cancel() {
    cancelled = true;
  }

  void process(Task task) {
    process(List.of(task), () -> {});
  }

  /** Stops every in-flight window at its next page boundary: its tasks go back to PENDING. */
  void pauseAtPageBoundary() {
    pausing = true;
  }

  /**
   * Runs one fetch window: its tasks (one dataset, or datasets one request combines; in period
   * order, claimed together) are fetched by one run of upstream requests over their span, the rows
   * are split by dataset and partition, and each partition is gated and published on its own.
   * {@code upstreamDone} is called once the fetch has ended (well or not), when the window needs
   * the upstream no more and only waits for its publishes.
   */
  void process(List<Task> window, Runnable upstreamDone) {
    AtomicLong calls = new AtomicLong();
    AtomicLong bytes = new AtomicLong();
    Task first = window.get(0);
    PartitionKey key = first.partition();
    // A window holds one dataset, or several a request may combine (BLS): their tasks apart.
    Map<String, List<Task>> byDataset = new java.util.LinkedHashMap<>();
    for (Task t : window) {
      byDataset.computeIfAbsent(t.partition().dataset(), k -> new ArrayList<>()).add(t);
    }
    Map<String, Dataset> datasets = new HashMap<>();
    try {
      for (String name : byDataset.keySet()) {
        datasets.put(name, deps.config().catalog().get(key.source(), name));
      }
    } catch (AurumException e) {
      upstreamDone.run();
      failAll(window, e.getMessage(), null, Counters.ZERO);
      return;
    }
    Dataset dataset = datasets.get(key.dataset());
    Connector connector = deps.connectors().get(key.source());
    if (connector == null) {
      upstreamDone.run();
      failAll(window, "no connector for source " + key.source().cliName(), null, Counters.ZERO);
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
            checkStop();
            // Paced first, then counted in the shared ledger: its fixed windows then see the
            // spacing, not the workers queued up behind it.
            try {
              limiter.acquire(() -> cancelled || pausing);
            } catch (CancellationException e) {
              checkStop();
              throw e;
            }
            guard.beforeRequest();
          }

          @Override
          public void afterResponse(long n) {
            limiter.responded();
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
    Map<String, List<Observation>> rows = new HashMap<>();
    byDataset.keySet().forEach(name -> rows.put(name, new ArrayList<>()));
    boolean[] suspended = {false};
    try {
      List<Connector.FetchRequest> requests = new ArrayList<>(byDataset.size());
      byDataset.forEach((name, tasks) -> requests.add(request(tasks, datasets.get(name))));
      if (!lane.tryEnter()) {
        // Every fetch slot of this market is busy: free the worker for the other markets.
        upstreamDone.run();
        waitFor(
            window,
            deps.clock().instant().plus(lane.slotWait()),
            "all " + lane.quota.maxConcurrency() + " request slot(s) of " + lane.name() + " busy");
        return;
      }
      try {
        if (requests.size() == 1) {
          connector.fetch(requests.get(0), context, rows.get(key.dataset())::add);
        } else {
          connector.fetchAll(
              requests, context, (d, o) -> rows.getOrDefault(d.name(), new ArrayList<>()).add(o));
        }
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
      waits.clear();
    } catch (Paused p) {
      deps.store().tasks().release(ids(window));
      LOG.debug("window of task {} returned at a page boundary: paused", first.id());
      return;
    } catch (QuotaWait w) {
      waitFor(window, w.until(), w.getMessage());
      return;
    } catch (UpstreamException e) {
      onUpstreamError(
          window, e, new Counters(0, calls.get(), bytes.get(), 0, 1), suspended[0], guard);
      return;
    } catch (CancellationException e) {
      LOG.debug("window of task {} aborted by cancel", first.id());
      return;
    } catch (RuntimeException e) {
      if (cancelled) {
        return;
      }
      LOG.error("window of task {} ({}) failed unexpectedly", first.id(), key, e);
      failAll(
          window, "internal error: " + e, null, new Counters(0, calls.get(), bytes.get(), 0, 1));
      return;
    }
    boolean firstGroup = true;
    for (Map.Entry<String, List<Task>> e : byDataset.entrySet()) {
      Dataset d = datasets.get(e.getKey());
      List<Task> tasks = e.getValue();
      publishAll(
          tasks,
          d,
          split(tasks, d, rows.remove(e.getKey())),
          settled.get(),
          firstGroup ? calls.get() : 0,
          firstGroup ? bytes.get() : 0);
      firstGroup = false;
    }
  }

  /** Thrown at a page boundary of a window when the operation is paused. */
  private static final class Paused extends RuntimeException {
    Paused() {
      super("paused", null, false, false);
    }
  }

  private void checkStop() {
    if (cancelled || Thread.currentThread().isInterrupted()) {
      throw new CancellationException("operation cancelled");
    }
    if (pausing) {
      throw new Paused();
    }
  }

  /**
   * The upstream request of a window: its span (from the first task's start to the last's end, or
   * the partial windows' hours), and the series its partial windows name (all when any task wants
   * every series).
   */
  private Connector.FetchRequest request(List<Task> window, Dataset dataset) {
    Instant from = null;
    Instant to = null;
    java.util.Set<String> series = new java.util.LinkedHashSet<>();
    boolean allSeries = false;
    for (Task t : window) {
      Window w = Window.parse(t.window());
      Instant f = w == null ? t.partition().start(dataset) : w.from();
      Instant e = w == null ? t.partition().end(dataset) : w.to();
      from = from == null || f.isBefore(from) ? f : from;
      to = to == null || e.isAfter(to) ? e : to;
      if (w == null || w.series().isEmpty()) {
        allSeries = true;
      } else {
        series.addAll(w.series());
      }
    }
    // The options connectors read: a vintage date (FRED) and the series of a narrowed window.
    Map<String, String> options = new HashMap<>();
    if (op.spec().params() instanceof io.aurum.core.model.ReplayParams r && r.asOf() != null) {
      options.put("as_of", r.asOf().toString());
    }
    if (!allSeries && !series.isEmpty()) {
      options.put("series", String.join(",", series));
    }
    return new Connector.FetchRequest(dataset, window.get(0).partition(), from, to, options);
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

  /**
   * Gates every partition of the window and publishes them: the first round of every partition is
   * submitted at once, so they share group commits; conflicts then go round by round. The window's
   * requests and bytes are counted on its first task.
   */
  private void publishAll(
      List<Task> window,
      Dataset dataset,
      List<List<Observation>> parts,
      Instant cut,
      long calls,
      long bytes) {
    // In slices, so that a window of many partitions (FRED: up to 100,000) does not hold every
    // partition's verdict and publish request at once; a slice still fills group commits.
    for (int from = 0; from < window.size(); from += PUBLISH_SLICE) {
      int to = Math.min(window.size(), from + PUBLISH_SLICE);
      if (!publishSlice(window, dataset, parts, cut, calls, bytes, from, to)) {
        return;
      }
    }
  }

  /** Partitions {@code from..to-1} of the window; false when the operation was cancelled. */
  private boolean publishSlice(
      List<Task> window,
      Dataset dataset,
      List<List<Observation>> parts,
      Instant cut,
      long calls,
      long bytes,
      int from,
      int to) {
    List<Publication> pubs = new ArrayList<>(to - from);
    List<java.util.concurrent.CompletableFuture<PublishResult>> first = new ArrayList<>(to - from);
    for (int i = from; i < to; i++) {
      Task task = window.get(i);
      Counters fetch = i == 0 ? new Counters(0, calls, bytes, 0, 0) : Counters.ZERO;
      try {
        Publication p = prepare(task, dataset, parts.get(i), cut, fetch);
        pubs.add(p);
        first.add(publisher.submit(p.request()));
      } catch (CancellationException e) {
        return false;
      } catch (AllRejected e) {
        pubs.add(null);
        first.add(null);
        allRejected(task, e.verdict, fetch);
      } catch (RuntimeException e) {
        pubs.add(null);
        first.add(null);
        internalError(task, e, fetch);
      }
      // The rows now live in the publication.
      parts.set(i, null);
    }
    for (int i = 0; i < pubs.size(); i++) {
      Publication p = pubs.get(i);
      if (p == null) {
        continue;
      }
      try {
        PublishResult result = await(first.get(i));
        while (!p.settle(result)) {
          result = await(publisher.submit(p.request()));
        }
      } catch (CancellationException e) {
        return false;
      } catch (RuntimeException e) {
        internalError(p.task, e, p.counters);
      }
    }
    return true;
  }

  /**
   * A partition none of whose fetched rows is data is not published: the task fails (the head, if
   * any, stays), its rejected records are already in the failure log.
   */
  private void allRejected(Task task, QualityReport verdict, Counters counters) {
    Plausibility.Rejected first = verdict.rejected().get(0);
    failPermanently(
        task,
        "all "
            + verdict.rejected().size()
            + " fetched record(s) rejected, nothing published (first: "
            + first.row().seriesId()
            + " at "
            + first.row().period()
            + ": "
            + first.reason()
            + ")",
        null,
        new Counters(0, counters.apiCalls(), counters.bytes(), 0, 1));
  }

  private void internalError(Task task, RuntimeException e, Counters counters) {
    if (cancelled) {
      return;
    }
    if (e instanceof AurumException) {
      // A user's mistake found on the data (a transform naming a field the records lack): the
      // reason is the message, no stack trace.
      LOG.warn("task {} ({}) failed: {}", task.id(), task.partition(), e.getMessage());
    } else {
      LOG.error("task {} ({}) failed unexpectedly", task.id(), task.partition(), e);
    }
    failPermanently(
        task,
        e instanceof AurumException ? e.getMessage() : "internal error: " + e,
        null,
        new Counters(0, counters.apiCalls(), counters.bytes(), 0, 1));
  }

  /** One partition of a window: transforms, the quality verdict, staging of large versions. */
  private Publication prepare(
      Task task, Dataset dataset, List<Observation> rows, Instant cut, Counters fetch) {
    PartitionKey key = task.partition();
    Instant from = key.start(dataset);
    Instant to = key.end(dataset);
    // Issue 5: a windowed task fetches only its window and merges with the head (copy-on-write).
    Window window = Window.parse(task.window());
    List<Observation> fetched = chain.apply(dataset, key, rows, deps.clock().instant());
    // A partition upstream has not settled yet (today) is scored over its settled part, keeps
    // nothing after it and is published incomplete, so the next run fetches it again.
    boolean open = cut != null && cut.isBefore(to);
    Instant scoredTo = open && cut.isAfter(from) ? cut : to;
    Dataset target = chain.target(dataset);
    java.util.concurrent.atomic.AtomicBoolean carried =
        new java.util.concurrent.atomic.AtomicBoolean();
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
          List<Observation> drift = gate.wantsPrevious() ? previous : null;
          QualityReport r = gate.evaluate(target, from, scoredTo, all, drift);
          if (!r.rejected().isEmpty() && head != null) {
            // A rejected value never supersedes a published one: the head's value of that point
            // goes on into the new version.
            List<Observation> kept =
                RejectedRecords.keptFromHead(
                    r, previous != null ? previous : deps.store().versions().observations(head));
            if (!kept.isEmpty()) {
              carried.set(true);
              List<Observation> more = new ArrayList<>(all.size() + kept.size());
              more.addAll(all);
              more.addAll(kept);
              r = gate.evaluate(target, from, scoredTo, more, drift);
            }
          }
          return withValidation(r, chain.passRatio(r.rows()));
        };
    QualityReport verdict = candidate.apply(task.baseVersionId());
    boolean allRejected = false;
    if (!verdict.rejected().isEmpty()) {
      logRejected(task, verdict.rejected());
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
                allRejected ? PublishDecision.Quality.ALL_REJECTED : quality(verdict)),
            PublishDecision.Current.of(task.baseVersionId()),
            strategy());
    if (first instanceof Decision.Hold h && !h.keep()) {
      throw new AllRejected(verdict);
    }
    return new Publication(
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

  private PublishDecision.Quality quality(QualityReport verdict) {
    return gate.passes(verdict) ? PublishDecision.Quality.PASSED : PublishDecision.Quality.FAILED;
  }

  private ConflictStrategy strategy() {
    return ConflictStrategy.parse(
        spec.conflictStrategy() == null ? "latest_wins" : spec.conflictStrategy());
  }

  /** Failure-log entries written per partition for its rejected records, then one summary. */
  static final int MAX_REJECTED_LOGGED = 20;

  /** Every row a partition's fetch returned was rejected: the partition is not published. */
  private static final class AllRejected extends RuntimeException {
    final transient QualityReport verdict;

    AllRejected(QualityReport verdict) {
      super(null, null, false, false);
      this.verdict = verdict;
    }
  }

  /**
   * Rejected records go to the failure log one by one (the first {@link #MAX_REJECTED_LOGGED} of a
   * partition, then one line with the count of the others) and to the log.
   */
  private void logRejected(Task task, List<Plausibility.Rejected> rejected) {
    List<FailureLog.Entry> entries = new ArrayList<>();
    for (Plausibility.Rejected x : rejected) {
      if (entries.size() == MAX_REJECTED_LOGGED) {
        entries.add(
            entry(
                task,
                (rejected.size() - MAX_REJECTED_LOGGED)
                    + " more rejected record(s) of this partition not listed",
                null));
        break;
      }
      Observation o = x.row();
      entries.add(
          entry(task, "rejected record: " + x.reason(), null)
              .withRecord(o.seriesId(), o.period().toString(), Double.toString(o.value())));
    }
    failureLog.appendAll(entries);
    Plausibility.Rejected first = rejected.get(0);
    LOG.warn(
        "{} {}: {} record(s) rejected, never published (first: {} at {}: {})",
        op.id(),
        task.partition(),
        rejected.size(),
        first.row().seriesId(),
        first.row().period(),
        first.reason());
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

  /**
   * The publish of one partition, round by round: {@link #request} is the next request to send,
   * {@link #settle} takes its result and says whether the partition is done, resolving a moved head
   * by the operation's conflict strategy. Large versions are staged batch by batch first.
   */
  private final class Publication {
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
        Task task,
        Dataset dataset,
        QualityReport verdict,
        String checksum,
        boolean held,
        Counters counters,
        Function<Long, QualityReport> rebase,
        boolean open) {
      this.task = task;
      this.dataset = dataset;
      this.verdict = verdict;
      this.counters = counters;
      this.rebase = rebase;
      this.open = open;
      this.quarantine = held;
      this.rows = verdict.rows();
      int batch = Math.max(1, spec.batchSize());
      if (rows.size() > batch && rebase == null) {
        // Large versions are appended to a STAGED version batch by batch; the last batch goes
        // with the publish transaction.
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
      this.checksum = checksum;
      this.expected = task.baseVersionId();
      this.strategy = strategy();
    }

    PublishRequest request() {
      return request(
          expected,
          quarantine,
          quarantine
              ? "below quality threshold " + gate.threshold() + ": " + verdict.describe()
              : null);
    }

    /** This partition's version, compared-and-set from {@code expectedHead}. */
    PublishRequest request(Long expectedHead, boolean quarantined, String reason) {
      return new PublishRequest(
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
          expectedHead,
          quarantined,
          reason,
          counters);
    }

    /** True when the partition is done; false when {@link #request} must go again. */
    boolean settle(PublishResult result) {
      if (result instanceof PublishResult.Published p) {
        progress.succeeded.incrementAndGet();
        progress.records.addAndGet(verdict.rows().size());
        deps.listener().taskPublished(task, p.versionId(), verdict.rows().size());
        return true;
      }
      if (result instanceof PublishResult.Quarantined) {
        progress.failed.incrementAndGet();
        String reason = "quarantined: " + request().quarantineReason();
        failureLog.append(entry(task, reason, null));
        deps.listener().taskFailed(task, reason);
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
              ? deps.store()
                  .versions()
                  .version(head)
                  .map(PublishDecision.Current::of)
                  .orElse(PublishDecision.Current.of(head))
              : PublishDecision.Current.of(head);
      Decision d =
          PublishDecision.decide(
              PublishDecision.Candidate.fresh(
                  expected, verdict.score(), checksum, quality(verdict)),
              current,
              strategy);
      if (d instanceof Decision.Publish p) {
        if (strategy == ConflictStrategy.LATEST_WINS && round >= MAX_CONFLICT_ROUNDS) {
          failPermanently(
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
        skip(task, moved + "; " + k.reason(), counters);
        return true;
      }
      if (d instanceof Decision.Conflict) {
        // manual: the candidate is kept as a QUARANTINED version (the head stays), so an operator
        // can see it with aurum conflicts detect and settle it with aurum conflicts resolve.
        PublishResult kept =
            await(
                publisher.submit(
                    request(
                        head,
                        true,
                        "conflict (manual): "
                            + moved
                            + "; resolve it with aurum conflicts resolve")));
        progress.failed.incrementAndGet();
        String reason =
            moved
                + "; kept as version id "
                + (kept instanceof PublishResult.Quarantined q ? q.versionId() : null)
                + ", resolve it with aurum conflicts resolve";
        failureLog.append(entry(task, reason, null));
        deps.listener().taskFailed(task, reason);
        return true;
      }
      throw new IllegalStateException("a strategy left the conflict undecided: " + d);
    }
  }

  private PublishResult await(java.util.concurrent.Future<PublishResult> future) {
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

  private void skip(Task task, String reason, Counters counters) {
    deps.store().tasks().skip(task.id(), reason, counters);
    progress.skipped.incrementAndGet();
    deps.listener().taskSkipped(task, reason);
  }

  /**
   * Tells the throttle and the guard about an upstream error; true when it was a 401/403 on a key
   * that worked, which opened the source's breaker.
   */
  private boolean noteForGuard(QuotaLanes.Lane lane, UpstreamException e) {
    if (e.beyondRetryCap()) {
      // Not a wait but a pause: every operation on the source stops asking until a probe.
      lane.guard.onRetryAfterBeyondCap();
      return false;
    }
    if (e.throttled()) {
      SourceThrottle.Hold hold = lane.throttle().onThrottled(e.retryAfter().orElse(null));
      if (hold.fresh()) {
        lane.guard.onThrottled();
      }
      waits.throttled(lane.name(), hold);
    }
    int status = e.httpStatus().orElse(0);
    return !e.retryable() && (status == 401 || status == 403) && lane.guard.onRejectedKey(status);
  }

  /**
   * A failed fetch of a window. A window that keeps failing for what may be one partition's data (a
   * malformed or refused payload, not a quota, key, outage or network error) is split in halves,
   * each retried apart, until the failing partition is isolated: one poison day costs a few extra
   * requests, not the whole range. Otherwise every task of the window retries together (one due
   * time, so they are claimed together again) or fails.
   */
  private void onUpstreamError(
      List<Task> window,
      UpstreamException e,
      Counters counters,
      boolean suspended,
      SourceGuard guard) {
    progress.errors.incrementAndGet();
    Task first = window.get(0);
    if (e.beyondRetryCap()) {
      pauseFor(window, e, guard);
      return;
    }
    if (suspended) {
      waitFor(
          window, guard.openUntil().orElse(deps.clock().instant().plusSeconds(30)), e.getMessage());
      return;
    }
    int attempts = first.attempts();
    if (window.size() > 1 && splittable(e) && (!e.retryable() || attempts >= 2)) {
      int half = window.size() / 2;
      deps.store().tasks().split(op.id(), ids(window.subList(0, half)));
      deps.store().tasks().split(op.id(), ids(window.subList(half, window.size())));
      progress.retries.incrementAndGet();
      String note =
          "window of "
              + window.size()
              + " partitions split in halves to isolate a failing one: "
              + e.getMessage();
      deps.store()
          .tasks()
          .retryAllLater(
              ids(window),
              deps.clock().instant(),
              note,
              new Counters(0, counters.apiCalls(), counters.bytes(), 1, 1));
      LOG.info("{} {}..{}: {}", op.id(), first.partition(), window.get(window.size() - 1), note);
      window.forEach(t -> deps.listener().taskRetrying(t, note, Duration.ZERO));
      return;
    }
    if (retry.shouldRetry(e, attempts)) {
      Duration delay = retry.delay(e, attempts);
      progress.retries.incrementAndGet();
      deps.store()
          .tasks()
          .retryAllLater(
              ids(window),
              deps.clock().instant().plus(delay),
              e.getMessage(),
              new Counters(0, counters.apiCalls(), counters.bytes(), 1, 1));
      window.forEach(t -> deps.listener().taskRetrying(t, e.getMessage(), delay));
      return;
    }
    String reason =
        e.retryable()
            ? "gave up after " + attempts + " attempt(s): " + e.getMessage()
            : e.getMessage();
    failAll(window, reason, e.httpStatus().orElse(null), counters);
  }

  /**
   * The upstream asked to be left alone for longer than the cap: the window's tasks go back to
   * PENDING (no attempt used), and the operation pauses with one line saying why and when to
   * resume; the runner's loop sees PAUSED and stops the other windows at their page boundary.
   */
  private void pauseFor(List<Task> window, UpstreamException e, SourceGuard guard) {
    String message =
        e.getMessage()
            + ": circuit breaker of "
            + op.source().cliName()
            + " opened and operation "
            + op.id()
            + " paused; resume it with --resume --job-id "
            + op.id()
            + " once that time has passed"
            + guard
                .openUntil()
                .map(
                    u ->
                        " (the breaker lets a probe go at "
                            + u.truncatedTo(ChronoUnit.SECONDS)
                            + ")")
                .orElse("");
    deps.store().tasks().release(ids(window));
    if (deps.store()
        .operations()
        .transition(op.id(), OperationState.RUNNING, OperationState.PAUSED, "engine", message)) {
      deps.store().operations().setLastError(op.id(), message);
      LOG.warn("{}", message);
    }
    window.forEach(t -> deps.listener().taskRetrying(t, message, Duration.ZERO));
  }

  /**
   * Whether a failure may come from one partition's data, so that halving the window can isolate
   * it: a payload refused or malformed, not a quota (429), a key (401/403), a missing resource
   * (404), an outage (5xx) or the network (no status, retryable).
   */
  static boolean splittable(UpstreamException e) {
    if (e.throttled()) {
      return false;
    }
    Integer status = e.httpStatus().orElse(null);
    if (status == null) {
      return !e.retryable();
    }
    return status < 500 && status != 401 && status != 403 && status != 404 && status != 429;
  }

  private static List<Long> ids(List<Task> tasks) {
    List<Long> out = new ArrayList<>(tasks.size());
    for (Task t : tasks) {
      out.add(t.id());
    }
    return out;
  }

  /**
   * The window waits for the quota window or the breaker without using an attempt; the operation
   * shows WAITING_FOR_QUOTA and when it resumes.
   */
  private void waitFor(List<Task> window, Instant until, String reason) {
    String note = WaitNotes.PREFIX + until + ": " + reason;
    deps.store().tasks().deferAll(ids(window), until, note);
    waits.note(until, reason);
    Duration wait = Duration.between(deps.clock().instant(), until);
    window.forEach(t -> deps.listener().taskRetrying(t, note, wait));
  }

  /** Every task of the window fails; the window's requests are counted on the first. */
  private void failAll(List<Task> window, String reason, Integer status, Counters counters) {
    deps.store().tasks().failAll(ids(window), reason, counters);
    for (Task t : window) {
      progress.failed.incrementAndGet();
      failureLog.append(entry(t, reason, status));
      deps.listener().taskFailed(t, reason);
    }
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
