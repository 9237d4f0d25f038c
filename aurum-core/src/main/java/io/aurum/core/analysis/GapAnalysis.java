package io.aurum.core.analysis;

import io.aurum.core.config.DatasetCatalog;
import io.aurum.core.model.Dataset;
import io.aurum.core.model.Head;
import io.aurum.core.model.PartitionKey;
import io.aurum.core.model.SourceId;
import io.aurum.core.plan.Planner;
import io.aurum.core.port.VersionRepository;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Gap analysis (runbook §1.3.2): expected partitions minus covered ones, per dataset, merged into
 * ranges of consecutive missing or incomplete partitions, with the watermark. Partitions not yet
 * due (their end plus the dataset's publication lag is after now) are counted as pending, not as
 * gaps; days no series' calendar opens are not expected at all. Reads heads only: one query per
 * dataset. Thread-safe.
 */
public final class GapAnalysis {
  private final VersionRepository versions;
  private final DatasetCatalog catalog;

  public GapAnalysis(VersionRepository versions, DatasetCatalog catalog) {
    this.versions = versions;
    this.catalog = catalog;
  }

  /** Why a partition is a gap. */
  public enum Kind {
    MISSING,
    INCOMPLETE
  }

  /** Consecutive partitions of one kind, both ends inclusive. */
  public record Range(Kind kind, LocalDate start, LocalDate end, int partitions) {}

  /**
   * One dataset: {@code watermark} is the latest period through which every partition of the window
   * is covered (null when the first one is not).
   */
  public record DatasetGaps(
      String dataset,
      int expected,
      int covered,
      int missing,
      int incomplete,
      int pending,
      LocalDate watermark,
      List<Range> ranges) {}

  public record Result(
      SourceId source, LocalDate start, LocalDate end, List<DatasetGaps> datasets) {
    public int missing() {
      return datasets.stream().mapToInt(DatasetGaps::missing).sum();
    }

    public int incomplete() {
      return datasets.stream().mapToInt(DatasetGaps::incomplete).sum();
    }

    public int expected() {
      return datasets.stream().mapToInt(DatasetGaps::expected).sum();
    }
  }

  public Result analyze(
      SourceId source, List<String> names, LocalDate start, LocalDate end, Instant now) {
    DateRanges.check(start, end);
    List<DatasetGaps> out = new ArrayList<>();
    for (Dataset d : catalog.select(source, names)) {
      out.add(analyze(d, start, end, now));
    }
    return new Result(source, start, end, List.copyOf(out));
  }

  private DatasetGaps analyze(Dataset d, LocalDate start, LocalDate end, Instant now) {
    // A day no series' calendar opens (a weekend of a business-day dataset) is not expected.
    List<LocalDate> periods =
        Planner.periods(d, start, end).stream()
            .filter(p -> d.expectedRows(new PartitionKey(d.source(), d.name(), p)) > 0)
            .toList();
    Map<LocalDate, Head> heads = new HashMap<>(periods.size() * 2);
    if (!periods.isEmpty()) {
      for (Head h :
          versions.heads(d.source(), d.name(), periods.get(0), periods.get(periods.size() - 1))) {
        heads.put(h.partition().period(), h);
      }
    }
    List<Range> ranges = new ArrayList<>();
    int covered = 0;
    int missing = 0;
    int incomplete = 0;
    int pending = 0;
    LocalDate watermark = null;
    boolean prefix = true;
    Kind open = null;
    LocalDate openStart = null;
    LocalDate openEnd = null;
    int openCount = 0;
    for (LocalDate p : periods) {
      Head h = heads.get(p);
      Kind kind;
      if (h != null && h.complete()) {
        covered++;
        kind = null;
      } else if (now != null && !due(d, p, now)) {
        pending++;
        kind = null;
        prefix = false;
      } else {
        kind = h == null ? Kind.MISSING : Kind.INCOMPLETE;
        if (kind == Kind.MISSING) {
          missing++;
        } else {
          incomplete++;
        }
      }
      if (kind == null && prefix) {
        watermark = p;
      }
      if (kind != null) {
        prefix = false;
      }
      if (kind != open) {
        if (open != null) {
          ranges.add(new Range(open, openStart, openEnd, openCount));
        }
        open = kind;
        openStart = p;
        openCount = 0;
      }
      openEnd = p;
      openCount++;
    }
    if (open != null) {
      ranges.add(new Range(open, openStart, openEnd, openCount));
    }
    return new DatasetGaps(
        d.name(),
        periods.size(),
        covered,
        missing,
        incomplete,
        pending,
        watermark,
        List.copyOf(ranges));
  }

  /** Whether upstream should have published the partition by now. */
  static boolean due(Dataset d, LocalDate period, Instant now) {
    PartitionKey k = new PartitionKey(d.source(), d.name(), period);
    return !k.end(d).plus(d.publicationLag()).isAfter(now);
  }
}
