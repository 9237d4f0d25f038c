package io.aurum.core.plan;

import io.aurum.core.config.AurumConfig;
import io.aurum.core.config.DatasetCatalog;
import io.aurum.core.config.SourceQuota;
import io.aurum.core.engine.SourceThrottle;
import io.aurum.core.error.AurumException;
import io.aurum.core.fetch.FetchGroups;
import io.aurum.core.model.Dataset;
import io.aurum.core.model.Head;
import io.aurum.core.model.OperationSpec;
import io.aurum.core.model.PartitionKey;
import io.aurum.core.model.SourceId;
import io.aurum.core.model.TaskDraft;
import io.aurum.core.port.Connector;
import io.aurum.core.port.Store;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Plans a backfill: every partition of the selected datasets in the date range, minus those already
 * covered (a head whose completeness passed) unless forced, grouped into fetch windows by the
 * source's connector, with the requests (windows and pages), records and duration it will take at
 * the effective rate. Reads the store, writes nothing.
 */
public final class Planner {
  private final Store store;
  private final Map<SourceId, Connector> connectors;
  private final AurumConfig config;

  public Planner(Store store, Map<SourceId, Connector> connectors, AurumConfig config) {
    this.store = store;
    this.connectors = connectors;
    this.config = config;
  }

  /**
   * One partition the plan will fetch; {@code headVersionId} is the head it replaces, or null. The
   * partition belongs to fetch window {@code fetchGroup}; the window's requests are counted on its
   * first partition, so {@code requests} is 0 for the others and the sum over partitions is the
   * plan's requests.
   */
  public record PlannedPartition(
      PartitionKey key, Long headVersionId, int requests, int expectedRows, int fetchGroup) {
    public PlannedPartition(PartitionKey key, Long headVersionId, int requests, int expectedRows) {
      this(key, headVersionId, requests, expectedRows, io.aurum.core.model.TaskDraft.UNGROUPED);
    }
  }

  /**
   * The plan. {@code bound} says what limits the rate: "quota" or "concurrency". {@code requests}
   * counts the fetch windows' requests (pages included), not partitions.
   */
  public record Plan(
      List<PlannedPartition> partitions,
      int alreadyCovered,
      long requests,
      long records,
      double effectiveRate,
      String bound,
      Duration estimatedDuration) {

    /** Fetch windows of the plan. */
    public long windows() {
      if (partitions.stream().anyMatch(p -> p.fetchGroup() == TaskDraft.UNGROUPED)) {
        // Read from a file: a window's requests are counted on its first partition.
        return partitions.stream().filter(p -> p.requests() > 0).count();
      }
      return partitions.stream().mapToInt(PlannedPartition::fetchGroup).distinct().count();
    }
  }

  public Plan plan(OperationSpec spec) {
    if (spec.endDate().isBefore(spec.startDate())) {
      throw new AurumException.BadInput(
          "end date "
              + spec.endDate()
              + " is before start date "
              + spec.startDate()
              + ": swap them");
    }
    List<Dataset> datasets = config.catalog().select(spec.source(), spec.datasets());
    List<TaskDraft> needed = new ArrayList<>();
    int covered = 0;
    for (Dataset d : datasets) {
      List<LocalDate> periods = periods(d, spec.startDate(), spec.endDate());
      Map<LocalDate, Head> heads = new HashMap<>();
      if (store != null && !periods.isEmpty()) {
        for (Head h :
            store
                .versions()
                .heads(spec.source(), d.name(), periods.get(0), periods.get(periods.size() - 1))) {
          heads.put(h.partition().period(), h);
        }
      }
      for (LocalDate p : periods) {
        Head head = heads.get(p);
        if (head != null && head.complete() && !spec.force()) {
          covered++;
          continue;
        }
        needed.add(
            new TaskDraft(
                new PartitionKey(spec.source(), d.name(), p),
                null,
                head == null ? null : head.versionId()));
      }
    }
    return plan(spec, needed, covered);
  }

  /**
   * The plan of these partitions (a plan file's, in its order): fetch windows, requests, records
   * and duration computed here from the source, whatever the file said about them.
   */
  public Plan plan(OperationSpec spec, List<TaskDraft> needed, int covered) {
    // The fetch windows, as the operation's tasks will have them: what the plan counts is what the
    // run sends.
    FetchGroups.Grouped grouped = FetchGroups.group(needed, connectors, config.catalog());
    List<PlannedPartition> out = new ArrayList<>(needed.size());
    long requests = 0;
    long records = 0;
    int previous = -1;
    for (TaskDraft t : grouped.tasks()) {
      int rows =
          config
              .catalog()
              .get(t.partition().source(), t.partition().dataset())
              .expectedRows(t.partition());
      int req = t.fetchGroup() == previous ? 0 : grouped.windows().get(t.fetchGroup()).requests();
      previous = t.fetchGroup();
      out.add(new PlannedPartition(t.partition(), t.baseVersionId(), req, rows, t.fetchGroup()));
      requests += req;
      records += rows;
    }
    SourceQuota quota = config.quotas().get(spec.source());
    // Markets with their own quota run side by side: the slowest lane decides.
    Duration quotaTime = Duration.ZERO;
    Duration concurrencyTime = Duration.ZERO;
    for (Map.Entry<String, Long> lane : requestsByLane(out, quota, config.catalog()).entrySet()) {
      SourceQuota q = quota.lane(lane.getKey());
      Duration t =
          SourceThrottle.timeFor(
              lane.getValue(), SourceThrottle.limitsFor(q, spec.rateLimit(), 0.8));
      quotaTime = t.compareTo(quotaTime) > 0 ? t : quotaTime;
      int conc =
          lane.getKey() == null
              ? spec.concurrency()
              : Math.min(spec.concurrency(), q.maxConcurrency());
      Duration c =
          Duration.ofNanos((long) ((double) lane.getValue() / conc * q.typicalLatency().toNanos()));
      concurrencyTime = c.compareTo(concurrencyTime) > 0 ? c : concurrencyTime;
    }
    boolean quotaBound = quotaTime.compareTo(concurrencyTime) >= 0;
    Duration duration = quotaBound ? quotaTime : concurrencyTime;
    double rate =
        duration.isZero() ? Double.POSITIVE_INFINITY : requests / (duration.toNanos() / 1e9);
    String bound = quotaBound ? "quota" : "concurrency";
    return new Plan(List.copyOf(out), covered, requests, records, rate, bound, duration);
  }

  /**
   * Requests of planned partitions per quota lane: per market when the source's quota is per market
   * (ISO), else all under the null lane.
   */
  public static Map<String, Long> requestsByLane(
      List<PlannedPartition> partitions, SourceQuota quota, DatasetCatalog catalog) {
    Map<String, Long> out = new LinkedHashMap<>();
    for (PlannedPartition p : partitions) {
      String lane =
          quota.perMarket() ? quota.laneOf(catalog.get(p.key().source(), p.key().dataset())) : null;
      out.merge(lane, (long) p.requests(), Long::sum);
    }
    return out;
  }

  /**
   * Days of quota a plan takes: {@link #quotaDays(long, SourceQuota, double)} per quota lane (each
   * market of a per-market source has its own daily caps), the longest of them.
   */
  public static long quotaDays(Plan plan, SourceQuota quota, DatasetCatalog catalog) {
    long days = 1;
    for (Map.Entry<String, Long> lane :
        requestsByLane(plan.partitions(), quota, catalog).entrySet()) {
      SourceQuota q = quota.lane(lane.getKey());
      days = Math.max(days, quotaDays(lane.getValue(), q, 1 - q.reservedShare()));
    }
    return days;
  }

  /**
   * Days of quota a run of {@code requests} takes under the quota's daily (or longer) windows at
   * {@code share} of their limit: 1 when it fits in one day's quota (or the source has no daily
   * cap).
   */
  public static long quotaDays(long requests, SourceQuota quota, double share) {
    long days = 1;
    for (SourceQuota.Limit l : quota.limits()) {
      if (l.period().compareTo(Duration.ofDays(1)) >= 0) {
        long perWindow = Math.max(1, (long) Math.floor(l.requests() * share));
        long windows = (requests + perWindow - 1) / perWindow;
        days = Math.max(days, windows * l.period().toDays());
      }
    }
    return days;
  }

  /** Partition periods of the dataset between two dates: days, or first days of months. */
  public static List<LocalDate> periods(Dataset d, LocalDate start, LocalDate end) {
    List<LocalDate> out = new ArrayList<>();
    if (d.frequency().monthlyPartitions()) {
      for (LocalDate m = start.withDayOfMonth(1); !m.isAfter(end); m = m.plusMonths(1)) {
        out.add(m);
      }
    } else {
      for (LocalDate day = start; !day.isAfter(end); day = day.plusDays(1)) {
        out.add(day);
      }
    }
    return out;
  }
}
