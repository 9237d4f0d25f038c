package io.aurum.core.engine;

import io.aurum.core.model.Task;
import io.aurum.core.port.ClaimRequest;
import io.aurum.core.port.PublishBatch;
import io.aurum.core.port.PublishRequest;
import io.aurum.core.port.PublishResult;
import io.aurum.core.port.VersionRepository;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingDeque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The engine's one writer for the hot path: workers hand in publish requests, the claim loop hands
 * in claims, and one thread drains what has queued up (at most {@link #MAX_GROUP} publishes and one
 * claim) and commits it as one transaction. On SQLite, which admits one writer at a time, a claim
 * then rides along with the group commit instead of costing a write transaction of its own. A
 * failed group is retried request by request so that one bad request cannot fail its neighbours.
 * Thread-safe.
 */
public final class GroupCommitPublisher implements AutoCloseable {
  static final int MAX_GROUP = 256;
  private static final Logger LOG = LoggerFactory.getLogger(GroupCommitPublisher.class);

  private sealed interface Item permits Publish, Claim {}

  private record Publish(PublishRequest request, CompletableFuture<PublishResult> result)
      implements Item {}

  private record Claim(ClaimRequest request, CompletableFuture<List<Task>> result)
      implements Item {}

  /**
   * Decayed sums for a least-squares fit of a group commit's time against its number of publish
   * requests, {@code time = fixed + n * perPublish}: guarded by {@code this}.
   */
  private double sw;

  private double sn;
  private double snn;
  private double st;
  private double snt;

  private final VersionRepository versions;
  private final io.aurum.core.model.SourceId source;
  private final EngineListener listener;
  private final boolean amortiseCommits;
  private final BlockingDeque<Item> queue = new LinkedBlockingDeque<>();
  private final Thread thread;
  private volatile boolean closed;

  public GroupCommitPublisher(VersionRepository versions) {
    this(versions, false);
  }

  /**
   * @param amortiseCommits commits have a large fixed cost that groups should amortise (a
   *     PostgreSQL commit waits for the WAL flush) even past the latency budget of {@link
   *     #groupWithin}; on SQLite a commit is cheap and every transaction holds the one write lock,
   *     so the budget alone decides.
   */
  public GroupCommitPublisher(VersionRepository versions, boolean amortiseCommits) {
    this(versions, amortiseCommits, null, EngineListener.NONE);
  }

  /** Also tells {@code listener} each group commit of {@code source}'s publishes (metrics). */
  public GroupCommitPublisher(
      VersionRepository versions,
      boolean amortiseCommits,
      io.aurum.core.model.SourceId source,
      EngineListener listener) {
    this.source = source;
    this.listener = listener;
    this.versions = versions;
    this.amortiseCommits = amortiseCommits;
    // It logs with the keys of the thread that made it: the run's operation.
    this.thread = new Thread(LogContext.carried(this::loop), "aurum-publisher");
    thread.setDaemon(true);
    thread.start();
  }

  public CompletableFuture<PublishResult> submit(PublishRequest request) {
    CompletableFuture<PublishResult> f = new CompletableFuture<>();
    enqueue(new Publish(request, f));
    return f;
  }

  /** Claims tasks in the next group commit, or alone if nothing is waiting to be published. */
  public CompletableFuture<List<Task>> claim(ClaimRequest request) {
    CompletableFuture<List<Task>> f = new CompletableFuture<>();
    enqueue(new Claim(request, f));
    return f;
  }

  private void enqueue(Item item) {
    if (closed) {
      throw new IllegalStateException("publisher is closed");
    }
    queue.add(item);
  }

  private void loop() {
    List<Item> drained = new ArrayList<>(MAX_GROUP + 1);
    List<Publish> group = new ArrayList<>(MAX_GROUP);
    while (!closed || !queue.isEmpty()) {
      Claim claim = null;
      try {
        Item first = queue.poll(100, TimeUnit.MILLISECONDS);
        if (first == null) {
          continue;
        }
        drained.add(first);
        queue.drainTo(drained, MAX_GROUP);
        // Publishes in order up to MAX_GROUP and the first claim; the rest go back, in order.
        List<Item> back = new ArrayList<>();
        for (Item item : drained) {
          if (item instanceof Publish p && group.size() < MAX_GROUP) {
            group.add(p);
          } else if (item instanceof Claim c && claim == null) {
            claim = c;
          } else {
            back.add(item);
          }
        }
        for (int i = back.size() - 1; i >= 0; i--) {
          queue.addFirst(back.get(i));
        }
        commit(group, claim);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (Throwable t) {
        // The loop must survive anything; the futures of the group carry the error.
        LOG.error("publisher loop error", t);
        group.forEach(p -> p.result().completeExceptionally(t));
        if (claim != null) {
          claim.result().completeExceptionally(t);
        }
      } finally {
        drained.clear();
        group.clear();
      }
    }
  }

  /**
   * How many publish requests a group commit should take for a task to wait about {@code budget}
   * for it, at the cost of the recent ones: as many as fit in the budget at the average time per
   * request. Where commits are to be amortised, never so few that the fitted fixed cost is over
   * half of a group's time (a PostgreSQL commit waits milliseconds for the WAL flush: there,
   * throughput wins over the budget). At least 1, and 1 before the first group was timed, so that a
   * cold start (class loading, the first compilations) holds as few claimed tasks as it can.
   */
  public synchronized int groupWithin(Duration budget) {
    if (sn <= 0) {
      return 1;
    }
    // What fits in the budget at the average time per request, its share of the fixed cost
    // included.
    double fits = budget.toNanos() / (st / sn);
    double amortises = 0;
    double spread = sw * snn - sn * sn;
    if (amortiseCommits && spread > 1e-6 * sw * sw) {
      // Unless that leaves the fixed cost (the fit's intercept) over half of a group's time:
      // then as many as make it half.
      double slope = (sw * snt - sn * st) / spread;
      double fixed = (st - slope * sn) / sw;
      if (slope > 0 && fixed > 0) {
        amortises = fixed / slope;
      }
    }
    return (int) Math.max(1, Math.min(MAX_GROUP, Math.max(fits, amortises)));
  }

  /** One more timed group: older ones weigh less and less (by 0.95 a group). */
  private synchronized void timed(int n, long nanos) {
    sw = 0.95 * sw + 1;
    sn = 0.95 * sn + n;
    snn = 0.95 * snn + (double) n * n;
    st = 0.95 * st + nanos;
    snt = 0.95 * snt + (double) n * nanos;
  }

  private void commit(List<Publish> group, Claim claim) {
    List<PublishRequest> requests = group.stream().map(Publish::request).toList();
    try {
      long started = System.nanoTime();
      PublishBatch batch = versions.publish(requests, claim == null ? null : claim.request());
      if (!group.isEmpty()) {
        long took = System.nanoTime() - started;
        timed(group.size(), took);
        if (source != null) {
          long rows = 0;
          for (PublishRequest r : requests) {
            rows += r.recordCount();
          }
          listener.storePublished(source, group.size(), rows, Duration.ofNanos(took));
        }
      }
      for (int i = 0; i < group.size(); i++) {
        group.get(i).result().complete(batch.results().get(i));
      }
      if (claim != null) {
        claim.result().complete(batch.claimed());
      }
    } catch (RuntimeException groupFailure) {
      if (claim == null && group.size() == 1) {
        group.get(0).result().completeExceptionally(groupFailure);
        return;
      }
      if (group.isEmpty()) {
        claim.result().completeExceptionally(groupFailure);
        return;
      }
      // Retry alone, so that one bad request fails only itself.
      for (Publish p : group) {
        try {
          p.result().complete(versions.publish(List.of(p.request())).get(0));
        } catch (RuntimeException e) {
          p.result().completeExceptionally(e);
        }
      }
      if (claim != null) {
        try {
          claim.result().complete(versions.publish(List.of(), claim.request()).claimed());
        } catch (RuntimeException e) {
          claim.result().completeExceptionally(e);
        }
      }
    }
  }

  @Override
  public void close() {
    closed = true;
    try {
      thread.join(30_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
