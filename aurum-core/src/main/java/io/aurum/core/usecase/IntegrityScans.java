package io.aurum.core.usecase;

import io.aurum.core.config.AurumConfig;
import io.aurum.core.integrity.Category;
import io.aurum.core.integrity.Finding;
import io.aurum.core.integrity.IntegrityScanner;
import io.aurum.core.integrity.IntegrityScanner.ChecksumPolicy;
import io.aurum.core.integrity.IntegrityScanner.Selection;
import io.aurum.core.integrity.OperationalScan;
import io.aurum.core.integrity.ScanDepth;
import io.aurum.core.port.Store;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * The integrity use cases: {@code corruption detect} (the scanner over the chosen types and depth)
 * and {@code emergency assess} (every type, every checksum of what it reads, and the operational
 * findings). Reads only.
 */
public final class IntegrityScans {
  private static final Comparator<Finding> ORDER =
      Comparator.comparing(Finding::severity)
          .thenComparing(Finding::kind)
          .thenComparing(f -> f.dataset() == null ? "" : f.dataset())
          .thenComparing(f -> f.partitions().isEmpty() ? "" : f.partitions().get(0).toString());

  private final Store store;
  private final AurumConfig config;
  private final Clock clock;

  public IntegrityScans(Store store, AurumConfig config, Clock clock) {
    this.store = store;
    this.config = config;
    this.clock = clock;
  }

  public ScanReport detect(CorruptionDetectRequest r) {
    config.catalog().forSource(r.source());
    Instant start = clock.instant();
    long t0 = System.nanoTime();
    Set<Category> cats = EnumSet.copyOf(r.types());
    ChecksumPolicy checksums =
        switch (r.depth()) {
          case QUICK -> ChecksumPolicy.NONE;
          case STANDARD -> ChecksumPolicy.SAMPLE;
          case FULL -> ChecksumPolicy.ALL;
        };
    if (checksums != ChecksumPolicy.NONE) {
      cats.add(Category.CHECKSUM);
    }
    Selection selection = r.depth() == ScanDepth.QUICK ? Selection.RECENT : Selection.ALL;
    IntegrityScanner.Result res =
        scanner().scan(new IntegrityScanner.Plan(r.source(), cats, selection, checksums));
    // The audit trail is part of what checksums protect: an edited entry is corruption too.
    List<Finding> audit =
        checksums == ChecksumPolicy.NONE
            ? List.of()
            : OperationalScan.auditBreak(store, r.source()).stream().toList();
    return report(r.source(), "corruption", r.depth().label(), cats, start, t0, res, audit);
  }

  /**
   * {@code corruption detect --verify-upstream N}: {@code detect} plus N published partitions
   * (spread evenly over the source's heads, one upstream request each through {@code context},
   * which paces them by the source's quota) fetched again and compared with the stored rows: an
   * {@code upstream_mismatch} finding (accuracy) for each whose checksum differs.
   */
  public ScanReport detect(
      CorruptionDetectRequest r,
      int verifyUpstream,
      io.aurum.core.port.Connector connector,
      io.aurum.core.port.FetchContext context) {
    ScanReport base = detect(r);
    if (verifyUpstream <= 0) {
      return base;
    }
    List<io.aurum.core.model.Head> heads = new ArrayList<>();
    for (io.aurum.core.model.Dataset d : config.catalog().forSource(r.source())) {
      store.integrity().heads(r.source(), d.name()).forEach(h -> heads.add(h.head()));
    }
    List<Finding> extra = new ArrayList<>();
    int n = Math.min(verifyUpstream, heads.size());
    for (int i = 0; i < n; i++) {
      io.aurum.core.model.Head h = heads.get((int) ((long) i * heads.size() / n));
      io.aurum.core.model.PartitionKey k = h.partition();
      io.aurum.core.model.Dataset d = config.catalog().get(r.source(), k.dataset());
      List<io.aurum.core.model.Observation> rows = new ArrayList<>();
      try {
        connector.fetch(
            new io.aurum.core.port.Connector.FetchRequest(
                d, k, k.start(d), k.end(d), java.util.Map.of()),
            context,
            rows::add);
      } catch (io.aurum.core.error.UpstreamException e) {
        throw new io.aurum.core.error.AurumException.OperationFailed(
            "verifying against upstream: fetching " + k + " failed: " + e.getMessage());
      }
      String upstream = io.aurum.core.model.Checksums.of(rows);
      String stored = store.versions().version(h.versionId()).map(v -> v.checksum()).orElse(null);
      if (!upstream.equals(stored)) {
        extra.add(
            new Finding(
                io.aurum.core.integrity.Kind.UPSTREAM_MISMATCH,
                io.aurum.core.integrity.Kind.UPSTREAM_MISMATCH.severity(),
                r.source(),
                k.dataset(),
                List.of(k.period()),
                "upstream serves "
                    + rows.size()
                    + " row(s) hashing to "
                    + upstream
                    + "; version "
                    + h.versionId()
                    + " holds "
                    + h.recordCount()
                    + " hashing to "
                    + stored,
                io.aurum.core.integrity.Kind.UPSTREAM_MISMATCH.action(),
                h.versionId(),
                null));
      }
    }
    List<Finding> all = new ArrayList<>(base.findings());
    all.addAll(extra);
    all.sort(ORDER);
    return new ScanReport(
        base.report(),
        base.source(),
        base.depth(),
        base.categories(),
        base.generatedAt(),
        base.durationMs(),
        base.datasets(),
        base.partitionsScanned(),
        base.rowsScanned(),
        base.checksumsVerified(),
        all);
  }

  public ScanReport assess(DamageAssessRequest r) {
    config.catalog().forSource(r.source());
    Instant start = clock.instant();
    long t0 = System.nanoTime();
    Set<Category> cats = EnumSet.allOf(Category.class);
    Selection selection = r.fullScan() ? Selection.ALL : Selection.RECENT;
    IntegrityScanner.Result res =
        scanner().scan(new IntegrityScanner.Plan(r.source(), cats, selection, ChecksumPolicy.ALL));
    Duration stale = config.defaults().engine().runnerStale();
    Instant now = clock.instant();
    List<Finding> ops = new ArrayList<>(new OperationalScan(store, stale).scan(r.source(), now));
    ops.addAll(
        io.aurum.core.integrity.QuotaScan.scan(
            store, r.source(), config.quotas().get(r.source()), now));
    return report(
        r.source(), "damage", r.fullScan() ? "full" : "recent", cats, start, t0, res, ops);
  }

  private IntegrityScanner scanner() {
    return new IntegrityScanner(store.integrity(), config.catalog(), clock);
  }

  private static ScanReport report(
      io.aurum.core.model.SourceId source,
      String kind,
      String depth,
      Set<Category> cats,
      Instant start,
      long t0,
      IntegrityScanner.Result res,
      List<Finding> extra) {
    List<Finding> all = new ArrayList<>(res.findings());
    all.addAll(extra);
    all.sort(ORDER);
    return new ScanReport(
        kind,
        source,
        depth,
        cats.stream().map(Category::label).toList(),
        start,
        (System.nanoTime() - t0) / 1_000_000,
        res.datasets(),
        res.partitions(),
        res.rows(),
        res.checksums(),
        all);
  }
}
