package io.aurum.core.port;

import io.aurum.core.model.Operation;
import io.aurum.core.model.OperationProgress;
import io.aurum.core.model.OperationSpec;
import io.aurum.core.model.OperationState;
import io.aurum.core.model.PartitionKey;
import io.aurum.core.model.RunnerOwner;
import io.aurum.core.model.TaskDraft;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Operations and their lifecycle. Every state change is a compare-and-set plus an audit entry. */
public interface OperationRepository {

  /**
   * Creates the operation and all its tasks in one transaction. When {@code draft.id()} is taken,
   * the first free of {@code id_2}, {@code id_3}, … is used. Returns the stored operation.
   */
  Operation create(Operation draft, List<TaskDraft> tasks);

  /** What {@link #createUnlessHeld} did. */
  sealed interface Creation permits Created, Held {}

  /** The operation was created with its tasks. */
  record Created(Operation operation) implements Creation {}

  /**
   * Nothing was written: operation {@code holderId} ({@code holderState}, of the same type, not
   * finished) already holds {@code partition}.
   */
  record Held(String holderId, OperationState holderState, PartitionKey partition)
      implements Creation {}

  /**
   * {@link #create}, unless a PLANNED, RUNNING or PAUSED operation of the same type and source
   * holds one of the tasks' partitions (for windowed tasks: an overlapping window of it). The check
   * and the insert are one atomic step, across processes too.
   */
  Creation createUnlessHeld(Operation draft, List<TaskDraft> tasks);

  Optional<Operation> find(String id);

  /** Operations in any of the states (all when empty), newest first. */
  List<Operation> list(Set<OperationState> states);

  /**
   * Moves the operation from {@code from} to {@code to} if it is still in {@code from}; false when
   * someone else moved it first. The transition must be allowed by {@link OperationState}.
   */
  boolean transition(
      String id, OperationState from, OperationState to, String actor, String detail);

  /**
   * Makes {@code runnerId}, run by {@code owner}, the process driving this operation, if no runner
   * holds it or the holder's heartbeat is older than {@code staleBefore}. False when a live runner
   * holds it.
   */
  boolean acquireRunner(
      String id, String runnerId, RunnerOwner owner, Instant now, Instant staleBefore);

  /**
   * Takes the operation over from {@code previousRunnerId}, whose process is known to be gone: a
   * compare-and-set on the runner slot, so of two resumers that saw the same dead owner exactly one
   * wins (the other gets false). Audited with the previous owner.
   */
  boolean takeOver(
      String id,
      String previousRunnerId,
      String runnerId,
      RunnerOwner owner,
      Instant now,
      String actor);

  void heartbeat(String id, String runnerId, Instant now);

  void releaseRunner(String id, String runnerId);

  /** Live adjustment: replaces the spec (concurrency, rate limit, batch size, …). */
  void updateSpec(String id, OperationSpec spec, String actor);

  void setLastError(String id, String error);

  /** Task counts per state and counters summed over the operation's tasks. */
  OperationProgress progress(String id);
}
