package io.aurum.app.cli;

import io.aurum.core.ops.OperationService;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * While an operation runs in the foreground, SIGINT and SIGTERM pause it instead of leaving it
 * RUNNING: a JVM shutdown hook moves it to PAUSED (its runner stops every window at the next page
 * boundary and returns the rest to PENDING), waits a bounded time for the run to end, gives up what
 * it still holds if it did not, and tells how to resume. The JVM then exits with 128 + the signal's
 * number (130, 143): an exit requested while hooks run waits for them, so the run's own exit code
 * does not replace it. Thread-safe.
 */
final class SignalPause implements AutoCloseable {
  /** How long the hook waits for the in-flight pages to end before giving the tasks back. */
  static final Duration GRACE = Duration.ofSeconds(10);

  private final OperationService control;
  private final String id;
  private final String resumeCommand;
  private final String actor;
  private final PrintWriter err;
  private final CountDownLatch ended = new CountDownLatch(1);
  private final Thread hook;
  private volatile boolean signalled;

  private SignalPause(
      OperationService control, String id, String resumeCommand, String actor, PrintWriter err) {
    this.control = control;
    this.id = id;
    this.resumeCommand = resumeCommand;
    this.actor = actor;
    this.err = err;
    this.hook = new Thread(this::onShutdown, "aurum-signal-pause");
  }

  /** Installs the hook for the run of operation {@code id}; close it when the run has ended. */
  static SignalPause install(
      OperationService control, String id, String resumeCommand, String actor, PrintWriter err) {
    SignalPause p = new SignalPause(control, id, resumeCommand, actor, err);
    Runtime.getRuntime().addShutdownHook(p.hook);
    return p;
  }

  /** Whether the process is stopping because of a signal (the run ended paused by the hook). */
  boolean signalled() {
    return signalled;
  }

  private void onShutdown() {
    signalled = true;
    try {
      boolean paused = control.pauseForShutdown(id, actor);
      boolean intime = ended.await(GRACE.toMillis(), TimeUnit.MILLISECONDS);
      if (!intime) {
        // The pages in flight did not end in time: give their tasks back so that a resume, here
        // or on another host, re-fetches only what is unpublished and need not wait for a lease.
        control.abandon(id);
      }
      if (paused) {
        err.println(
            "aurum: stopped by a signal: "
                + id
                + " is PAUSED"
                + (intime
                    ? " at a page boundary"
                    : " (pages still in flight after "
                        + GRACE.toSeconds()
                        + " s were given up and will be fetched again)")
                + "; resume it with: "
                + resumeCommand);
      }
    } catch (Throwable t) {
      // The store may already be closed when the run ended at the same moment.
      err.println(
          "aurum: stopped by a signal while pausing "
              + id
              + " ("
              + t.getMessage()
              + "); check it with aurum status --job-id "
              + id
              + " and resume it with: "
              + resumeCommand);
    } finally {
      err.flush();
    }
  }

  /** The run has ended: a hook already running stops waiting; otherwise it is removed. */
  @Override
  public void close() {
    ended.countDown();
    if (!signalled) {
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException shuttingDown) {
        // The JVM is shutting down: the hook runs and sees the run ended.
      }
    }
  }
}
