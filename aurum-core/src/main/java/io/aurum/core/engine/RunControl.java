package io.aurum.core.engine;

import static io.aurum.core.engine.OperationRunner.notFound;

import io.aurum.core.engine.OperationRunner.Outcome;
import io.aurum.core.model.Operation;
import io.aurum.core.model.OperationState;
import io.aurum.core.model.TaskState;
import io.aurum.core.port.Store;
import java.util.Optional;
import java.util.Set;
import java.util.function.LongSupplier;

/**
 * Follows what happens to one run's operation from outside: rereads it once a cycle (with the
 * emergencies, which may pause it here), passes live adjustments and the monitoring level to the
 * task processor, and once it no longer runs — paused, cancelled, or ended by someone else — hands
 * the claimed tasks back and drains the windows in flight. Loop thread only.
 */
final class RunControl {
  private final Store store;
  private final String id;
  private final TaskProcessor processor;
  private final EmergencyWatch emergencies;
  private final ClaimQueue claims;
  private final WindowScheduler scheduler;
  private final LoopSignal signal;

  /** Monotonic nanoseconds: {@link System#nanoTime} in a run, a counter a test moves. */
  private final LongSupplier nanos;

  private Operation current;
  private long lastRead;

  RunControl(
      Store store,
      Operation op,
      TaskProcessor processor,
      EmergencyWatch emergencies,
      ClaimQueue claims,
      WindowScheduler scheduler,
      LoopSignal signal,
      LongSupplier nanos) {
    this.store = store;
    this.id = op.id();
    this.current = op;
    this.processor = processor;
    this.emergencies = emergencies;
    this.claims = claims;
    this.scheduler = scheduler;
    this.signal = signal;
    this.nanos = nanos;
    this.lastRead = nanos.getAsLong() - ClaimLoop.CYCLE.toNanos();
  }

  /**
   * The operation, reread when a cycle has passed since the last read: an emergency declared
   * anywhere pauses the run here, even if its own pause raced it; pause, cancel and live
   * adjustments from another terminal take effect.
   */
  Operation current() {
    if (nanos.getAsLong() - lastRead >= ClaimLoop.CYCLE.toNanos()) {
      current = store.operations().find(id).orElseThrow(() -> notFound(id));
      boolean paused = emergencies.observe(current);
      processor.monitor(emergencies.level());
      if (paused) {
        current = store.operations().find(id).orElseThrow(() -> notFound(id));
      }
      lastRead = nanos.getAsLong();
      processor.adjust(current.spec());
    }
    return current;
  }

  /**
   * Empty while {@code op} runs; otherwise how the run ends, once nothing is claimed or in flight
   * any more: paused (in-flight windows stop at their next page boundary and their tasks go back to
   * PENDING), cancelled (a forced cancel aborts what is in flight), or ended elsewhere.
   */
  Optional<Outcome> settle(Operation op) {
    switch (op.state()) {
      case RUNNING -> {
        return Optional.empty();
      }
      case PAUSED -> {
        processor.pauseAtPageBoundary();
        returnClaimed();
        drain(false);
        return Optional.of(Outcome.PAUSED);
      }
      case CANCELLED -> {
        returnClaimed();
        // cancel --force marks RUNNING tasks CANCELLED at once: then abort what is in flight.
        boolean forced =
            !scheduler.idle() && store.tasks().list(id, Set.of(TaskState.RUNNING)).isEmpty();
        drain(forced);
        store.tasks().cancel(id, false);
        return Optional.of(Outcome.CANCELLED);
      }
      default -> {
        drain(false);
        return Optional.of(
            op.state() == OperationState.SUCCEEDED ? Outcome.SUCCEEDED : Outcome.FAILED);
      }
    }
  }

  /**
   * This process leaves the operation, which goes on running elsewhere (a worker draining on
   * SIGTERM): in-flight windows stop at their next page boundary and, with the claimed ones, go
   * back to PENDING for the other workers; the operation's state is not touched.
   */
  Outcome leave() {
    processor.pauseAtPageBoundary();
    returnClaimed();
    drain(false);
    return Outcome.PAUSED;
  }

  /** Stops the workers from starting windows before the claimed ones go back. */
  private void returnClaimed() {
    scheduler.stop();
    claims.giveBack();
  }

  /** Stops starting windows and waits for the ones in flight; {@code abort} interrupts them. */
  private void drain(boolean abort) {
    scheduler.stop();
    if (abort) {
      processor.cancel();
      scheduler.abort();
    }
    while (scheduler.running() > 0) {
      signal.await(ClaimLoop.CYCLE.toMillis());
    }
  }
}
