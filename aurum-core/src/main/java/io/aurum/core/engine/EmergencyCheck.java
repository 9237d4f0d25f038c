package io.aurum.core.engine;

import io.aurum.core.error.AurumException;
import io.aurum.core.error.NextStep;
import io.aurum.core.model.Operation;
import io.aurum.core.model.OperationState;
import io.aurum.core.port.EmergencyRepository.Emergency;
import io.aurum.core.port.Store;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What an active emergency means for one operation: whether a STOP or ISOLATION keeps it from
 * starting, resuming or claiming. The run loop asks every claim cycle (one small query), so a stop
 * declared in another process is obeyed even when its pause raced the run.
 */
public final class EmergencyCheck {
  private EmergencyCheck() {}

  /** The first active STOP or ISOLATION that blocks the operation, if any. */
  public static Optional<Emergency> blocking(
      Store store, String operationId, String source, boolean critical, Instant now) {
    return store.emergencies().active(now).stream()
        .filter(e -> e.blocks(operationId, source, critical))
        .findFirst();
  }

  /** Refuses (exit 4) to start or resume an operation an active emergency blocks. */
  public static void refuseIfBlocked(Store store, Operation op, String what, Instant now) {
    boolean critical = store.emergencies().critical(op.id());
    boolean recovery = store.emergencies().recovery(op.id());
    store.emergencies().active(now).stream()
        .filter(e -> e.blocks(op.id(), op.source().cliName(), critical, recovery))
        .findFirst()
        .ifPresent(e -> refuse(e, what + " " + op.id()));
  }

  /** The one-line refusal naming the emergency and how to end it. */
  public static void refuse(Emergency e, String what) {
    throw new AurumException.IllegalStateChange(
        v ->
            "refusing to "
                + what
                + ": emergency "
                + e.kind()
                + " #"
                + e.id()
                + " ("
                + e.scope()
                + (e.reason() != null ? ", \"" + e.reason() + "\"" : "")
                + ") stands; end it with "
                + v.step(releaseStep(e)));
  }

  /** The step that ends the emergency. */
  public static NextStep releaseStep(Emergency e) {
    return switch (e.kind()) {
      case STOP -> new NextStep(NextStep.Action.RELEASE_STOP, null);
      case ISOLATION -> new NextStep(NextStep.Action.RELEASE_ISOLATION, e.scopeSource());
      case MONITOR -> new NextStep(NextStep.Action.RELEASE_MONITOR, null);
    };
  }

  /**
   * Pauses a RUNNING operation an active emergency blocks, as {@code aurum pause} would (the run
   * loop then stops at the next page boundary), and records it among what the emergency paused so
   * that its release resumes it. True when it is blocked (paused now or already not RUNNING).
   */
  public static boolean pauseIfBlocked(
      Store store, Operation op, boolean critical, List<Emergency> active, String actor) {
    return pauseIfBlocked(store, op, critical, false, active, actor);
  }

  /** {@link #pauseIfBlocked} for an operation an emergency recovery may run ({@code recovery}). */
  public static boolean pauseIfBlocked(
      Store store,
      Operation op,
      boolean critical,
      boolean recovery,
      List<Emergency> active,
      String actor) {
    Optional<Emergency> e =
        active.stream()
            .filter(x -> x.blocks(op.id(), op.source().cliName(), critical, recovery))
            .findFirst();
    if (e.isEmpty()) {
      return false;
    }
    if (op.state() == OperationState.RUNNING
        && store
            .operations()
            .transition(
                op.id(),
                OperationState.RUNNING,
                OperationState.PAUSED,
                actor,
                "paused: emergency " + e.get().kind() + " #" + e.get().id())) {
      store.emergencies().recordPaused(e.get().id(), op.id());
    }
    return true;
  }
}
