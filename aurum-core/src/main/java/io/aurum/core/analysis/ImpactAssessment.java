package io.aurum.core.analysis;

import io.aurum.core.config.AurumConfig;
import io.aurum.core.model.Dataset;
import io.aurum.core.model.Head;
import io.aurum.core.model.SourceId;
import io.aurum.core.plan.Planner;
import io.aurum.core.port.VersionRepository;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code aurum assess impact|downstream} (runbook §2.3.1): what a replay of a range would rewrite —
 * the current versions it supersedes, the operations that wrote them, the records and bytes — and
 * who reads them downstream: the current-observations view and the outbox, which gets one
 * published-version event per rewritten partition. Reads heads only.
 */
public final class ImpactAssessment {
  /** Readers of current data that a rewrite reaches. */
  public static final List<String> DOWNSTREAM_READERS =
      List.of(
          "current_observations view (SQL clients, Grafana)",
          "outbox topic aurum.versions (Kafka relay)",
          "aurum export of the range");

  private final VersionRepository versions;
  private final AurumConfig config;

  public ImpactAssessment(VersionRepository versions, AurumConfig config) {
    this.versions = versions;
    this.config = config;
  }

  /** One dataset's share of the impact. */
  public record DatasetImpact(
      String dataset,
      int partitions,
      int withHead,
      long currentRecords,
      long expectedRecords,
      Map<String, Integer> versionsByOperation,
      List<Head> currentVersions) {}

  public record Result(
      SourceId source,
      LocalDate start,
      LocalDate end,
      List<DatasetImpact> datasets,
      long rewrittenRecords,
      long estimatedWireBytes,
      long estimatedStorageBytes,
      int outboxEvents,
      List<String> downstreamReaders) {}

  public Result assess(SourceId source, List<String> names, LocalDate start, LocalDate end) {
    DateRanges.check(start, end);
    List<DatasetImpact> out = new ArrayList<>();
    long records = 0;
    long expected = 0;
    int events = 0;
    for (Dataset d : config.catalog().select(source, names)) {
      List<LocalDate> periods = Planner.periods(d, start, end);
      List<Head> heads =
          versions.heads(source, d.name(), periods.get(0), periods.get(periods.size() - 1));
      Map<String, Integer> byOp = new TreeMap<>();
      long cur = 0;
      long exp = 0;
      for (Head h : heads) {
        byOp.merge(String.valueOf(h.operationId()), 1, Integer::sum);
        cur += h.recordCount();
      }
      for (LocalDate p : periods) {
        exp += d.expectedRows(new io.aurum.core.model.PartitionKey(source, d.name(), p));
      }
      records += cur;
      expected += exp;
      events += periods.size();
      out.add(new DatasetImpact(d.name(), periods.size(), heads.size(), cur, exp, byOp, heads));
    }
    var cost = config.costModel();
    return new Result(
        source,
        start,
        end,
        out,
        records,
        expected * cost.wireBytes(source),
        expected * cost.storageBytesPerRow(),
        events,
        DOWNSTREAM_READERS);
  }
}
