package io.aurum.app.server;

import io.aurum.app.wiring.AppContext;
import io.aurum.core.engine.EngineListener;
import io.aurum.core.engine.LiveProgress;
import io.aurum.core.engine.OperationRunner;
import io.aurum.core.ops.OperationService;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The operations this server runs in its own process, one thread each, through the same engine as a
 * command line run (runner slot, leases, heartbeats). Stopping the server pauses them at a page
 * boundary, as SIGTERM does to a command line run; a process that dies leaves them STALLED. Either
 * way a resume (over HTTP or from the command line) continues them. Thread-safe.
 */
public final class ServerRuns implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ServerRuns.class);
  private static final Duration STOP_WAIT = Duration.ofSeconds(30);
  static final Duration GRACE = Duration.ofMillis(500);

  private final AppContext app;
  private final OperationService service;
  private final Map<String, Future<?>> running = new ConcurrentHashMap<>();
  private final ExecutorService pool;

  ServerRuns(AppContext app) {
    this.app = app;
    // Built once, before any request: the context is not thread-safe to build.
    this.service = app.operations(EngineListener.NONE);
    AtomicInteger n = new AtomicInteger();
    this.pool =
        Executors.newCachedThreadPool(
            r -> {
              Thread t = new Thread(r, "aurum-run-" + n.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
  }

  /** The service that runs operations in this process. */
  public OperationService service() {
    return service;
  }

  /**
   * Runs operation {@code id} in the background with {@code run} (start or resume). A refusal in
   * its first {@link #GRACE} (a state that cannot be resumed, an emergency, an owner alive
   * elsewhere) is thrown here, so the caller answers it; later the run goes on alone.
   */
  public void start(
      String id, BiFunction<OperationService, LiveProgress, OperationRunner.Outcome> run) {
    CompletableFuture<OperationRunner.Outcome> f =
        CompletableFuture.supplyAsync(
            () -> {
              OperationRunner.Outcome o = run.apply(service, new LiveProgress());
              LOG.info("operation {} ended {}", id, o);
              return o;
            },
            pool);
    running.put(id, f);
    f.whenComplete(
        (o, e) -> {
          running.remove(id, f);
          if (e != null) {
            LOG.warn("operation {} stopped: {}", id, e.getMessage());
          }
        });
    try {
      f.get(GRACE.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      // Still running: the usual case.
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      throw new IllegalStateException(e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** The operations running in this process now. */
  public Set<String> running() {
    return Set.copyOf(running.keySet());
  }

  /** Pauses every operation this process runs and waits for their runners to stop. */
  @Override
  public void close() {
    for (String id : running()) {
      if (service.pauseForShutdown(id, "server")) {
        LOG.info("operation {} paused: the server stops", id);
      }
    }
    pool.shutdown();
    try {
      if (!pool.awaitTermination(STOP_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
        for (String id : running()) {
          service.abandon(id);
        }
        pool.shutdownNow();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
