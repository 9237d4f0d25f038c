package io.aurum.core.replay;

import io.aurum.core.config.AurumConfig;
import io.aurum.core.error.AurumException;
import io.aurum.core.fetch.FetchGroups;
import io.aurum.core.model.Dataset;
import io.aurum.core.model.Head;
import io.aurum.core.model.Operation;
import io.aurum.core.model.OperationSpec;
import io.aurum.core.model.OperationType;
import io.aurum.core.model.PartitionKey;
import io.aurum.core.model.Priority;
import io.aurum.core.model.SourceId;
import io.aurum.core.model.TaskDraft;
import io.aurum.core.plan.Planner;
import io.aurum.core.port.Connector;
import io.aurum.core.port.Store;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Plans replays and partial reprocessing: a replay refetches every partition in range, covered or
 * not; a partial reprocess refetches windows (hours, a time range, failed partitions) and merges
 * them copy-on-write with the head. Each task is planned against the current head. Thread-safe.
 */
public final class ReplayPlanner {
  private final Store store;
  private final Map<SourceId, Connector> connectors;
  private final AurumConfig config;
  private final Clock clock;

  public ReplayPlanner(
      Store store, Map<SourceId, Connector> connectors, AurumConfig config, Clock clock) {
    this.store = store;
    this.connectors = connectors;
    this.config = config;
    this.clock = clock;
  }

  /**
   * The tasks in fetch windows (as few upstream requests as the API allows), with the windows and
   * the requests they take: what a dry run reports and what {@link #create} writes.
   */
  public FetchGroups.Grouped group(List<TaskDraft> tasks) {
    return FetchGroups.group(tasks, connectors, config.catalog());
  }

  /** Every partition of the spec's datasets and dates, whole. */
  public List<TaskDraft> whole(OperationSpec spec) {
    if (spec.endDate().isBefore(spec.startDate())) {
      throw new AurumException.BadInput(
          "end date " + spec.endDate() + " is before start date " + spec.startDate());
    }
    List<TaskDraft> out = new ArrayList<>();
    for (Dataset d : config.catalog().select(spec.source(), spec.datasets())) {
      Map<LocalDate, Long> heads = heads(d, spec.startDate(), spec.endDate());
      for (LocalDate p : Planner.periods(d, spec.startDate(), spec.endDate())) {
        out.add(new TaskDraft(new PartitionKey(spec.source(), d.name(), p), null, heads.get(p)));
      }
    }
    return out;
  }

  /**
   * One windowed task per intraday (hourly or 5-minute) dataset and day: the hour starts {@code
   * window} gives for it.
   */
  public List<TaskDraft> windows(
      OperationSpec spec,
      java.util.function.Function<Dataset, Map<LocalDate, List<Instant>>> window) {
    List<TaskDraft> out = new ArrayList<>();
    for (Dataset d : config.catalog().select(spec.source(), spec.datasets())) {
      if (!d.frequency().intraday()) {
        if (!spec.datasets().isEmpty()) {
          throw new AurumException.BadInput(
              "dataset "
                  + d.name()
                  + " is "
                  + d.frequency().name().toLowerCase()
                  + ": hours apply to hourly and 5-minute datasets only");
        }
        continue;
      }
      Map<LocalDate, List<Instant>> byDay = window.apply(d);
      for (Map.Entry<LocalDate, List<Instant>> e : byDay.entrySet()) {
        PartitionKey key = new PartitionKey(spec.source(), d.name(), e.getKey());
        Long head = store.versions().head(key).map(Head::versionId).orElse(null);
        out.add(new TaskDraft(key, new Window(e.getValue(), List.of()).toJson(), head));
      }
    }
    return out;
  }

  /** Groups instants by the partition day (in the dataset's zone) they fall in. */
  public static Map<LocalDate, List<Instant>> byDay(Dataset d, List<Instant> instants) {
    Map<LocalDate, List<Instant>> out = new LinkedHashMap<>();
    for (Instant i : instants) {
      out.computeIfAbsent(LocalDate.ofInstant(i, d.zone()), k -> new ArrayList<>()).add(i);
    }
    return out;
  }

  private Map<LocalDate, Long> heads(Dataset d, LocalDate from, LocalDate to) {
    Map<LocalDate, Long> out = new HashMap<>();
    LocalDate first = d.frequency().monthlyPartitions() ? from.withDayOfMonth(1) : from;
    for (Head h : store.versions().heads(d.source(), d.name(), first, to)) {
      out.put(h.partition().period(), h.versionId());
    }
    return out;
  }

  /**
   * Creates the PLANNED operation with its tasks in fetch windows, in one transaction; refused
   * (exit 4) when a live operation of the same type holds an overlapping window of a partition.
   */
  public Operation create(
      OperationType type,
      String id,
      OperationSpec spec,
      List<TaskDraft> tasks,
      Priority priority,
      String reason,
      String actor) {
    if (tasks.isEmpty()) {
      throw new AurumException.BadInput("nothing to reprocess: no partition matches");
    }
    Instant now = clock.instant();
    return io.aurum.core.ops.OperationService.created(
        store
            .operations()
            .createUnlessHeld(
                Operation.planned(id, type, spec, priority, reason, actor, now),
                group(tasks).tasks()),
        type);
  }
}
