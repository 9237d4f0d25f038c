package io.aurum.core.engine;

import io.aurum.core.model.Task;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.function.Supplier;

/**
 * The heartbeat of one run: on the heartbeat thread's ticks, when the monitoring level's interval
 * has passed, renews the runner slot and the leases of every task of the windows in flight or
 * claimed. Thread-safe: the heartbeat thread beats while the loop and workers move windows.
 */
final class LeaseHeartbeat {
  private final RunnerSlot slot;
  private final EmergencyWatch emergencies;
  private final String id;
  private final Supplier<Collection<List<Task>>> inflight;
  private final ClaimQueue claims;

  LeaseHeartbeat(
      RunnerSlot slot,
      EmergencyWatch emergencies,
      String operationId,
      Supplier<Collection<List<Task>>> inflight,
      ClaimQueue claims) {
    this.slot = slot;
    this.emergencies = emergencies;
    this.id = operationId;
    this.inflight = inflight;
    this.claims = claims;
  }

  /** One tick of the heartbeat thread: a beat when one is due ({@link EmergencyWatch#beatDue}). */
  void tick() {
    if (!emergencies.beatDue()) {
      return;
    }
    slot.heartbeat(id, this::heldTaskIds);
  }

  /** The tasks of the windows in flight or claimed, whose leases the heartbeat renews. */
  List<Long> heldTaskIds() {
    List<Long> ids = new ArrayList<>();
    inflight.get().forEach(w -> w.forEach(t -> ids.add(t.id())));
    claims.claimedWindows().forEach(w -> w.forEach(t -> ids.add(t.id())));
    return ids;
  }
}
