package io.aurum.core.engine;

import io.aurum.core.port.PublishRequest;
import io.aurum.core.port.PublishResult;
import io.aurum.core.port.VersionRepository;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes the versions of many tasks in one transaction: workers hand in requests, one thread
 * drains what has queued up (at most {@link #MAX_GROUP}) and commits it at once. A failed group is
 * retried request by request so that one bad request cannot fail its neighbours. Thread-safe.
 */
public final class GroupCommitPublisher implements AutoCloseable {
  static final int MAX_GROUP = 256;
  private static final Logger LOG = LoggerFactory.getLogger(GroupCommitPublisher.class);

  private record Pending(PublishRequest request, CompletableFuture<PublishResult> result) {}

  private final VersionRepository versions;
  private final BlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
  private final Thread thread;
  private volatile boolean closed;

  public GroupCommitPublisher(VersionRepository versions) {
    this.versions = versions;
    this.thread = new Thread(this::loop, "aurum-publisher");
    thread.setDaemon(true);
    thread.start();
  }

  public CompletableFuture<PublishResult> submit(PublishRequest request) {
    if (closed) {
      throw new IllegalStateException("publisher is closed");
    }
    CompletableFuture<PublishResult> f = new CompletableFuture<>();
    queue.add(new Pending(request, f));
    return f;
  }

  private void loop() {
    List<Pending> group = new ArrayList<>(MAX_GROUP);
    while (!closed || !queue.isEmpty()) {
      try {
        Pending first = queue.poll(100, TimeUnit.MILLISECONDS);
        if (first == null) {
          continue;
        }
        group.add(first);
        queue.drainTo(group, MAX_GROUP - 1);
        commit(group);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (Throwable t) {
        // The loop must survive anything; the futures of the group carry the error.
        LOG.error("publisher loop error", t);
        group.forEach(p -> p.result().completeExceptionally(t));
      } finally {
        group.clear();
      }
    }
  }

  private void commit(List<Pending> group) {
    try {
      List<PublishResult> results = versions.publish(group.stream().map(Pending::request).toList());
      for (int i = 0; i < group.size(); i++) {
        group.get(i).result().complete(results.get(i));
      }
    } catch (RuntimeException groupFailure) {
      if (group.size() == 1) {
        group.get(0).result().completeExceptionally(groupFailure);
        return;
      }
      for (Pending p : group) {
        try {
          p.result().complete(versions.publish(List.of(p.request())).get(0));
        } catch (RuntimeException e) {
          p.result().completeExceptionally(e);
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
