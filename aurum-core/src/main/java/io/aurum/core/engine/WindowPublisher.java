package io.aurum.core.engine;

import io.aurum.core.model.Counters;
import io.aurum.core.model.Dataset;
import io.aurum.core.model.Observation;
import io.aurum.core.model.Task;
import io.aurum.core.port.PublishResult;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;

/**
 * Gates and publishes the partitions of a fetched window, in slices whose first rounds share group
 * commits. Thread-safe: stateless over thread-safe parts.
 */
final class WindowPublisher {
  /** Partitions of a window prepared and submitted together: several group commits' worth. */
  private static final int PUBLISH_SLICE = 1024;

  private final TaskContext ctx;
  private final CandidatePreparer candidates;
  private final TaskFailures failures;

  WindowPublisher(TaskContext ctx, CandidatePreparer candidates, TaskFailures failures) {
    this.ctx = ctx;
    this.candidates = candidates;
    this.failures = failures;
  }

  /**
   * Gates every partition of the window and publishes them: the first round of every partition is
   * submitted at once, so they share group commits; conflicts then go round by round. The window's
   * requests and bytes are counted on its first task.
   */
  void publishAll(
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
        Publication p = candidates.prepare(task, dataset, parts.get(i), cut, fetch);
        pubs.add(p);
        first.add(ctx.publisher.submit(p.request()));
      } catch (CancellationException e) {
        return false;
      } catch (CandidatePreparer.AllRejected e) {
        pubs.add(null);
        first.add(null);
        failures.allRejected(task, e.verdict, fetch);
      } catch (RuntimeException e) {
        pubs.add(null);
        first.add(null);
        failures.internalError(task, e, fetch);
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
        PublishResult result = Publication.await(first.get(i));
        while (!p.settle(result)) {
          result = Publication.await(ctx.publisher.submit(p.request()));
        }
      } catch (CancellationException e) {
        return false;
      } catch (RuntimeException e) {
        failures.internalError(p.task, e, p.counters);
      }
    }
    return true;
  }
}
