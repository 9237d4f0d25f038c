package io.aurum.core.usecase;

import io.aurum.core.error.AurumException;
import io.aurum.core.model.Operation;
import io.aurum.core.model.OperationState;
import io.aurum.core.port.EmergencyRepository.Declaration;
import io.aurum.core.port.EmergencyRepository.Emergency;
import io.aurum.core.port.EmergencyRepository.Kind;
import io.aurum.core.port.Store;
import io.aurum.core.usecase.EmergencyRequests.Release;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

/**
 * Emergency stops, isolations and monitoring levels (runbook §4.1.1). State lives in the store, so
 * every process obeys it: runners check the active emergencies every claim cycle. Every change is
 * audited with the actor; a dry run reports what would happen and writes nothing. Thread-safe.
 */
public final class Emergencies {
  private final Store store;
  private final Clock clock;

  public Emergencies(Store store, Clock clock) {
    this.store = store;
    this.clock = clock;
  }

  /** What a stop or isolation declared (id 0 on a dry run) and paused, in the order it paused. */
  public record Declared(long id, Kind kind, String scope, List<String> paused, boolean dryRun) {
    public Declared {
      paused = List.copyOf(paused);
    }
  }

  /** What a release ended and the operations it left for the caller to resume, in order. */
  public record Released(List<Emergency> ended, List<String> toResume, boolean dryRun) {
    public Released {
      ended = List.copyOf(ended);
      toResume = List.copyOf(toResume);
    }
  }

  /** A monitoring level and until when it stands (null for normal). */
  public record Level(String level, Instant expiresAt, boolean dryRun) {}

  /**
   * Records a STOP, then pauses every RUNNING operation in scope, lowest priority first (newest
   * first within a priority), sparing critical ones unless {@code includeCritical}.
   */
  public Declared stop(EmergencyRequests.Stop r, String actor) {
    if (r.operationId() != null && store.operations().find(r.operationId()).isEmpty()) {
      throw AurumException.NotFound.noOperation(r.operationId());
    }
    Declaration d =
        new Declaration(
            Kind.STOP,
            r.source(),
            r.operationId(),
            r.includeCritical(),
            null,
            false,
            r.reason(),
            actor,
            null);
    return declareAndPause(d, r.dryRun());
  }

  /** Records an ISOLATION of the source and pauses its RUNNING operations, critical or not. */
  public Declared isolate(EmergencyRequests.Isolate r, String actor) {
    Declaration d =
        new Declaration(
            Kind.ISOLATION,
            r.source(),
            null,
            true,
            null,
            r.isolateKafka(),
            r.reason(),
            actor,
            null);
    return declareAndPause(d, r.dryRun());
  }

  private Declared declareAndPause(Declaration d, boolean dryRun) {
    Emergency probe = probe(d);
    List<Operation> targets =
        store.operations().list(Set.of(OperationState.RUNNING)).stream()
            .filter(
                op ->
                    probe.blocks(
                        op.id(),
                        op.source().cliName(),
                        store.emergencies().critical(op.id()),
                        store.emergencies().recovery(op.id())))
            .sorted(
                Comparator.comparingInt((Operation op) -> -op.priority().rank())
                    .thenComparing(Operation::createdAt, Comparator.reverseOrder()))
            .toList();
    if (dryRun) {
      return new Declared(
          0, d.kind(), probe.scope(), targets.stream().map(Operation::id).toList(), true);
    }
    long id = store.emergencies().declare(d);
    List<String> paused = new ArrayList<>();
    for (Operation op : targets) {
      String detail = "paused: emergency " + d.kind() + " #" + id;
      if (store
          .operations()
          .transition(op.id(), OperationState.RUNNING, OperationState.PAUSED, d.actor(), detail)) {
        store.emergencies().recordPaused(id, op.id());
        paused.add(op.id());
      }
    }
    return new Declared(id, d.kind(), probe.scope(), paused, false);
  }

  /**
   * Ends the active STOP(s), a source's ISOLATION or the monitor level. What a stop or isolation
   * paused and is still PAUSED (and no other active emergency blocks) is returned to be resumed:
   * nothing else, so an operation a user paused before the stop stays paused.
   */
  public Released release(Release r, String actor) {
    return EmergencyReleases.release(store, clock.instant(), r, actor);
  }

  /**
   * Raises (or, with {@code normal}, ends) the monitoring level until now plus the duration; a new
   * level replaces the one standing.
   */
  public Level monitor(EmergencyRequests.Monitor r, String actor) {
    Instant now = clock.instant();
    boolean normal = r.level().equals("normal");
    Instant expires = normal ? null : now.plus(r.duration());
    if (r.dryRun()) {
      return new Level(r.level(), expires, true);
    }
    for (Emergency e : store.emergencies().active(now)) {
      if (e.kind() == Kind.MONITOR) {
        store.emergencies().release(e.id(), actor, "level set to " + r.level(), now);
      }
    }
    if (!normal) {
      store
          .emergencies()
          .declare(
              new Declaration(
                  Kind.MONITOR, null, null, false, r.level(), false, r.reason(), actor, expires));
    }
    return new Level(r.level(), expires, false);
  }

  /** The monitoring level standing now: {@code normal} when none is (or it expired). */
  public Level level() {
    Instant now = clock.instant();
    return store.emergencies().active(now).stream()
        .filter(e -> e.kind() == Kind.MONITOR)
        .reduce((a, b) -> b)
        .map(e -> new Level(e.level(), e.expiresAt(), false))
        .orElse(new Level("normal", null, false));
  }

  /** The active emergencies, oldest first; with {@code history}, every one, newest first. */
  public List<Emergency> status(boolean history) {
    return history ? store.emergencies().history() : store.emergencies().active(clock.instant());
  }

  private Emergency probe(Declaration d) {
    return new Emergency(
        0,
        d.kind(),
        d.scopeSource(),
        d.scopeOperation(),
        d.includeCritical(),
        d.level(),
        d.isolateKafka(),
        d.reason(),
        d.actor(),
        clock.instant(),
        d.expiresAt(),
        null,
        null,
        null,
        List.of());
  }
}
