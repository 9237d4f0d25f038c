package io.aurum.core.integrity;

import io.aurum.core.config.DatasetCatalog;
import io.aurum.core.model.Dataset;
import io.aurum.core.model.PartitionKey;
import io.aurum.core.model.PartitionVersion;
import io.aurum.core.model.SourceId;
import io.aurum.core.model.VersionState;
import io.aurum.core.plan.Planner;
import io.aurum.core.port.IntegrityReader;
import io.aurum.core.port.IntegrityReader.HeadVersion;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The one integrity scanner: reads a source's published data through {@link IntegrityReader}, one
 * partition's rows at a time, and reports {@link Finding}s. Which partitions it reads and which
 * checksums it recomputes is the {@link Plan}'s. Reads only. Not thread-safe; one per scan.
 */
public final class IntegrityScanner {
  /** How far back QUICK (recent) selection looks at publication times. */
  public static final Duration RECENT = Duration.ofDays(7);

  /** Which partitions are read: recently published and flagged ones, or all. */
  public enum Selection {
    RECENT,
    ALL
  }

  /** Whose checksums are recomputed: none, a one-in-ten sample plus flagged ones, or all read. */
  public enum ChecksumPolicy {
    NONE,
    SAMPLE,
    ALL
  }

  /** What to scan. */
  public record Plan(
      SourceId source,
      Set<Category> categories,
      Selection selection,
      ChecksumPolicy checksums,
      Set<PartitionKey> only) {
    public Plan(
        SourceId source, Set<Category> categories, Selection selection, ChecksumPolicy checksums) {
      this(source, categories, selection, checksums, null);
    }

    /** {@code only} those partitions (a recovery's check); null: every partition selected. */
    public Plan {
      only = only == null ? null : Set.copyOf(only);
    }
  }

  /** What a scan found and how much it read. */
  public record Result(
      List<Finding> findings, List<String> datasets, long partitions, long rows, long checksums) {}

  private final IntegrityReader reader;
  private final DatasetCatalog catalog;
  private final Clock clock;

  public IntegrityScanner(IntegrityReader reader, DatasetCatalog catalog, Clock clock) {
    this.reader = reader;
    this.catalog = catalog;
    this.clock = clock;
  }

  public Result scan(Plan plan) {
    Versions versions = new Versions(reader.versions(plan.source()));
    Instant since = clock.instant().minus(RECENT);
    List<Finding> findings = new ArrayList<>();
    List<String> names = new ArrayList<>();
    long[] counts = new long[3];
    for (Dataset d : catalog.forSource(plan.source())) {
      names.add(d.name());
      List<HeadVersion> heads = reader.heads(plan.source(), d.name());
      if (plan.only() != null) {
        heads = heads.stream().filter(h -> plan.only().contains(h.head().partition())).toList();
      } else if (plan.categories().contains(Category.COMPLETENESS)) {
        missing(d, heads, findings);
      }
      PartitionChecks checks = new PartitionChecks(d, plan.categories());
      Map<Long, HeadVersion> byVersion = new HashMap<>();
      List<Long> ids = new ArrayList<>();
      for (HeadVersion hv : heads) {
        LocalDate p = hv.head().partition().period();
        boolean flagged = !hv.head().complete() || versions.flagged(d.name(), p);
        if (plan.selection() == Selection.RECENT
            && !flagged
            && hv.head().updatedAt().isBefore(since)) {
          continue;
        }
        if (hv.version() == null) {
          findings.add(
              checks.finding(
                  Kind.MISSING_VERSION,
                  p,
                  "head points at version " + hv.head().versionId() + ", which does not exist",
                  hv.head().versionId(),
                  versions.lastGood(d.name(), p, Integer.MAX_VALUE)));
          continue;
        }
        byVersion.put(hv.version().id(), hv);
        ids.add(hv.version().id());
      }
      reader.rows(
          ids,
          (id, rows) -> {
            HeadVersion hv = byVersion.get(id);
            LocalDate p = hv.head().partition().period();
            boolean checksum =
                switch (plan.checksums()) {
                  case NONE -> false;
                  case ALL -> true;
                  case SAMPLE -> p.toEpochDay() % 10 == 0 || versions.flagged(d.name(), p);
                };
            Long lastGood = versions.lastGood(d.name(), p, hv.version().versionNo());
            checks.check(hv.head(), hv.version(), rows, checksum, lastGood, findings);
            counts[0]++;
            counts[1] += rows.size();
            counts[2] += checksum ? 1 : 0;
          });
    }
    return new Result(findings, names, counts[0], counts[1], counts[2]);
  }

  /** Periods without a head between the first and the last head, merged into ranges. */
  private static void missing(Dataset d, List<HeadVersion> heads, List<Finding> out) {
    if (heads.isEmpty()) {
      return;
    }
    Set<LocalDate> present = new HashSet<>();
    heads.forEach(h -> present.add(h.head().partition().period()));
    LocalDate first = heads.get(0).head().partition().period();
    LocalDate last = heads.get(heads.size() - 1).head().partition().period();
    List<LocalDate> run = new ArrayList<>();
    for (LocalDate p : Planner.periods(d, first, last)) {
      if (!present.contains(p)) {
        run.add(p);
        continue;
      }
      flush(d, run, out);
    }
    flush(d, run, out);
  }

  private static void flush(Dataset d, List<LocalDate> run, List<Finding> out) {
    if (run.isEmpty()) {
      return;
    }
    out.add(
        Finding.of(
            Kind.MISSING_PARTITION,
            d.source(),
            d.name(),
            run,
            run.size()
                + " partition(s) "
                + run.get(0)
                + ".."
                + run.get(run.size() - 1)
                + " have no published version inside the covered range",
            null,
            null));
    run.clear();
  }

  /** The source's versions by partition: flags and the last good version of each. */
  static final class Versions {
    private final Map<String, List<PartitionVersion>> byPartition = new HashMap<>();

    Versions(List<PartitionVersion> all) {
      for (PartitionVersion v : all) {
        byPartition
            .computeIfAbsent(
                key(v.partition().dataset(), v.partition().period()), k -> new ArrayList<>())
            .add(v);
      }
    }

    private static String key(String dataset, LocalDate p) {
      return dataset + '\u0000' + p;
    }

    /**
     * Whether the partition has a quarantined or staged version (a conflict or unfinished work).
     */
    boolean flagged(String dataset, LocalDate p) {
      for (PartitionVersion v : byPartition.getOrDefault(key(dataset, p), List.of())) {
        if (v.state() == VersionState.QUARANTINED || v.state() == VersionState.STAGED) {
          return true;
        }
      }
      return false;
    }

    /** The newest superseded version numbered below {@code versionNo}: what a rollback restores. */
    Long lastGood(String dataset, LocalDate p, int versionNo) {
      Long out = null;
      for (PartitionVersion v : byPartition.getOrDefault(key(dataset, p), List.of())) {
        if (v.state() == VersionState.SUPERSEDED && v.versionNo() < versionNo) {
          out = v.id();
        }
      }
      return out;
    }
  }
}
