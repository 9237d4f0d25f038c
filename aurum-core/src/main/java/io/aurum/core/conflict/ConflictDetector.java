package io.aurum.core.conflict;

import io.aurum.core.conflict.Conflicts.Conflict;
import io.aurum.core.conflict.Conflicts.Difference;
import io.aurum.core.conflict.Conflicts.Overlap;
import io.aurum.core.conflict.Conflicts.Report;
import io.aurum.core.model.Dataset;
import io.aurum.core.model.Head;
import io.aurum.core.model.Operation;
import io.aurum.core.model.OperationState;
import io.aurum.core.model.PartitionKey;
import io.aurum.core.model.PartitionVersion;
import io.aurum.core.model.SourceId;
import io.aurum.core.model.Task;
import io.aurum.core.model.TaskState;
import io.aurum.core.model.VersionState;
import io.aurum.core.port.Store;
import io.aurum.core.replay.HourWindows;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Runbook §3.5.1: finds the value-level conflicts between each partition's head and its candidate
 * version, and the operations overlapping on a partition. Stateless; thread-safe.
 */
public final class ConflictDetector {
  private final Store store;

  public ConflictDetector(Store store) {
    this.store = store;
  }

  /**
   * The candidate of a partition: the latest QUARANTINED or STAGED version, or when there is none
   * the published version the head replaced.
   */
  static Optional<PartitionVersion> candidate(List<PartitionVersion> versions, Long headId) {
    PartitionVersion pending = null;
    PartitionVersion previous = null;
    PartitionVersion head = null;
    for (PartitionVersion v : versions) {
      if (v.state() == VersionState.QUARANTINED || v.state() == VersionState.STAGED) {
        pending = v;
      }
      if (Objects.equals(v.id(), headId)) {
        head = v;
      }
    }
    if (pending != null) {
      return Optional.of(pending);
    }
    for (PartitionVersion v : versions) {
      if (v.state() == VersionState.SUPERSEDED
          && (head == null || v.versionNo() < head.versionNo())) {
        previous = v;
      }
    }
    return Optional.ofNullable(previous);
  }

  public Report detect(SourceId source, List<Dataset> datasets, LocalDate date, String hoursText) {
    List<Integer> hours = hoursText == null ? null : HourWindows.parseHours(hoursText);
    List<Conflict> conflicts = new ArrayList<>();
    List<Overlap> overlaps = new ArrayList<>();
    Map<String, List<Task>> pendingByOp = pendingTasks(source);
    for (Dataset d : datasets) {
      PartitionKey key = new PartitionKey(source, d.name(), date);
      Set<Instant> window =
          hours == null ? null : new HashSet<>(HourWindows.instants(date, d.zone(), hours));
      List<PartitionVersion> versions = store.versions().versions(key);
      Optional<Head> head = store.versions().head(key);
      Long headId = head.map(Head::versionId).orElse(null);
      PartitionVersion headVersion =
          versions.stream().filter(v -> Objects.equals(v.id(), headId)).findFirst().orElse(null);
      Optional<PartitionVersion> cand = candidate(versions, headId);
      if (cand.isPresent()) {
        List<Difference> diff =
            ObservationDiff.diff(
                headVersion == null ? List.of() : store.versions().observations(headVersion.id()),
                store.versions().observations(cand.get().id()),
                window);
        if (!diff.isEmpty()) {
          conflicts.add(new Conflict(key, headVersion, cand.get(), diff));
        }
      }
      Set<String> wrote = new LinkedHashSet<>();
      versions.stream()
          .filter(v -> v.state() != VersionState.DISCARDED && v.operationId() != null)
          .forEach(v -> wrote.add(v.operationId()));
      List<String> pending = new ArrayList<>();
      pendingByOp.forEach(
          (op, tasks) -> {
            if (tasks.stream().anyMatch(t -> t.partition().equals(key))) {
              pending.add(op);
            }
          });
      if (wrote.size() + pending.size() > 1) {
        overlaps.add(new Overlap(key, List.copyOf(wrote), pending));
      }
    }
    return new Report(source, date, hoursText, conflicts, overlaps);
  }

  private Map<String, List<Task>> pendingTasks(SourceId source) {
    Map<String, List<Task>> out = new LinkedHashMap<>();
    for (Operation op :
        store
            .operations()
            .list(
                EnumSet.of(
                    OperationState.PLANNED, OperationState.RUNNING, OperationState.PAUSED))) {
      if (op.source() == source) {
        out.put(
            op.id(), store.tasks().list(op.id(), EnumSet.of(TaskState.PENDING, TaskState.RUNNING)));
      }
    }
    return out;
  }
}
