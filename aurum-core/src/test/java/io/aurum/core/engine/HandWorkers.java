package io.aurum.core.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * An executor a test runs by hand, one queued job at a time on the test's thread: the claim loop's
 * worker pool or claimer, stepped instead of raced. Not thread-safe: one test thread.
 */
final class HandWorkers extends AbstractExecutorService {
  final List<Runnable> queued = new ArrayList<>();

  /** Runs the oldest queued job to its end. */
  void runNext() {
    queued.remove(0).run();
  }

  @Override
  public void execute(Runnable r) {
    queued.add(r);
  }

  @Override
  public void shutdown() {}

  @Override
  public List<Runnable> shutdownNow() {
    return List.of();
  }

  @Override
  public boolean isShutdown() {
    return false;
  }

  @Override
  public boolean isTerminated() {
    return false;
  }

  @Override
  public boolean awaitTermination(long timeout, TimeUnit unit) {
    return true;
  }
}
