package io.aurum.core.usecase;

import com.fasterxml.jackson.databind.JsonNode;
import io.aurum.core.config.AurumConfig;
import io.aurum.core.error.AurumException;
import io.aurum.core.integrity.Category;
import io.aurum.core.integrity.Finding;
import io.aurum.core.integrity.IntegrityScanner;
import io.aurum.core.integrity.IntegrityScanner.ChecksumPolicy;
import io.aurum.core.integrity.IntegrityScanner.Selection;
import io.aurum.core.model.Head;
import io.aurum.core.model.PartitionKey;
import io.aurum.core.model.PartitionVersion;
import io.aurum.core.model.SourceId;
import io.aurum.core.model.VersionState;
import io.aurum.core.port.IsolationRepository;
import io.aurum.core.port.IsolationRepository.Ending;
import io.aurum.core.port.IsolationRepository.Isolation;
import io.aurum.core.port.IsolationRepository.Mode;
import io.aurum.core.port.IsolationRepository.Target;
import io.aurum.core.port.Store;
import io.aurum.core.request.JsonInput;
import io.aurum.core.request.JsonSchemas;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The corruption responses (runbook §4.2.2–§4.2.3): {@code corruption isolate} reads a {@code
 * corruption detect} report and isolates its corrupted partitions, {@code corruption release}
 * undoes it, and {@code corruption recover} finds what to recover, checks the recovered partitions
 * are clean (the scanner again, on them only) and lifts their isolation. Every head move goes
 * through the store's {@link IsolationRepository} (and so {@link
 * io.aurum.core.publish.PublishDecision}); re-fetching is the replay use case's. Thread-safe.
 */
public final class Corruptions {
  private final Store store;
  private final AurumConfig config;
  private final Clock clock;

  public Corruptions(Store store, AurumConfig config, Clock clock) {
    this.store = store;
    this.config = config;
    this.clock = clock;
  }

  /** A report read back: its source and the partitions its findings name, with their evidence. */
  public record Report(SourceId source, List<Target> targets, int findings, int withoutPartition) {}

  /**
   * Reads a {@code corruption detect} report: a missing file is NotFound, one that is not JSON or
   * breaks the report's schema (docs/schemas/corruption-report.schema.json) BadInput with its line.
   * One target per corrupted partition (the kinds found in it joined), in dataset and period order;
   * findings about no partition (an audit break) or no version (a missing partition) are counted.
   */
  public static Report read(Path file, SourceId expected) {
    JsonInput in = JsonInput.read(file, "corruption report").check(JsonSchemas.CORRUPTION_REPORT);
    JsonNode root = in.root();
    SourceId source = SourceId.parse(root.path("source").asText());
    if (source != expected) {
      throw new AurumException.BadInput(
          file
              + " is a report on "
              + source.cliName()
              + ", not "
              + expected.cliName()
              + ": pass a corruption report detected on "
              + expected.cliName());
    }
    Map<PartitionKey, Target> byPartition = new LinkedHashMap<>();
    int without = 0;
    int count = 0;
    for (JsonNode f : root.path("findings")) {
      count++;
      JsonNode ds = f.path("dataset");
      JsonNode version = f.path("version_id");
      if (ds.isNull() || f.path("partitions").isEmpty() || version.isNull()) {
        without++;
        continue;
      }
      Long lastGood =
          f.path("last_good_version_id").isNull() ? null : f.path("last_good_version_id").asLong();
      String kind = f.path("kind").asText();
      for (JsonNode p : f.path("partitions")) {
        PartitionKey k = new PartitionKey(source, ds.asText(), LocalDate.parse(p.asText()));
        Target had = byPartition.get(k);
        String kinds =
            had == null ? kind : had.kinds() + (had.kinds().contains(kind) ? "" : "," + kind);
        byPartition.put(k, new Target(k, version.asLong(), lastGood, kinds));
      }
    }
    List<Target> targets = new ArrayList<>(byPartition.values());
    targets.sort(
        java.util.Comparator.comparing((Target t) -> t.partition().dataset())
            .thenComparing(t -> t.partition().period()));
    return new Report(source, targets, count, without);
  }

  /** Isolates the report's partitions (nothing with {@code dryRun}: the targets are the plan). */
  public List<IsolationRepository.Result> isolate(
      Report report, Mode mode, String reason, String actor) {
    config.catalog().forSource(report.source());
    return store.isolations().isolate(report.targets(), mode, reason, actor);
  }

  /** The open isolations of the source, of {@code partitions} only unless empty. */
  public List<Isolation> open(SourceId source, List<PartitionKey> partitions) {
    return store.isolations().open(source).stream()
        .filter(i -> partitions.isEmpty() || partitions.contains(i.partition()))
        .toList();
  }

  /** {@code corruption release}: undoes the isolations (all of the source unless named). */
  public List<IsolationRepository.Ended> release(
      SourceId source, List<PartitionKey> partitions, String reason, String actor) {
    return store.isolations().end(source, partitions, Ending.RELEASE, reason, actor);
  }

  /**
   * The corrupted partitions of the source within [from, to] (either null: unbounded): those
   * isolated, or when none is, those a full scan finds now (with a version to replace).
   */
  public List<PartitionKey> corrupted(SourceId source, LocalDate from, LocalDate to) {
    config.catalog().forSource(source);
    Set<PartitionKey> out = new LinkedHashSet<>();
    for (Isolation i : store.isolations().open(source)) {
      if (within(i.partition().period(), from, to)) {
        out.add(i.partition());
      }
    }
    if (out.isEmpty()) {
      for (Finding f : scan(source, null).findings()) {
        if (f.dataset() != null && f.versionId() != null) {
          for (LocalDate p : f.partitions()) {
            if (within(p, from, to)) {
              out.add(new PartitionKey(source, f.dataset(), p));
            }
          }
        }
      }
    }
    List<PartitionKey> sorted = new ArrayList<>(out);
    sorted.sort(
        java.util.Comparator.comparing(PartitionKey::dataset).thenComparing(PartitionKey::period));
    return sorted;
  }

  private static boolean within(LocalDate p, LocalDate from, LocalDate to) {
    return (from == null || !p.isBefore(from)) && (to == null || !p.isAfter(to));
  }

  /**
   * What the scanner finds now in {@code partitions} (every check, every checksum recomputed); all
   * partitions of the source when null.
   */
  public IntegrityScanner.Result scan(SourceId source, Set<PartitionKey> partitions) {
    Set<Category> cats = EnumSet.of(Category.SCHEMA, Category.COMPLETENESS, Category.ACCURACY);
    cats.add(Category.CHECKSUM);
    return new IntegrityScanner(store.integrity(), config.catalog(), clock)
        .scan(
            new IntegrityScanner.Plan(source, cats, Selection.ALL, ChecksumPolicy.ALL, partitions));
  }

  /**
   * Refuses (ValidationFailed, exit 5) when the recovered partitions are not clean, naming the
   * first findings: their isolation stays.
   */
  public void requireClean(SourceId source, List<PartitionKey> partitions) {
    List<Finding> left = scan(source, new java.util.HashSet<>(partitions)).findings();
    if (!left.isEmpty()) {
      Finding f = left.get(0);
      throw new AurumException.ValidationFailed(
          left.size()
              + " finding(s) left after the recovery, e.g. "
              + f.kind().label()
              + " in "
              + f.dataset()
              + " "
              + f.partitions()
              + ": "
              + f.evidence()
              + "; the isolation stays (run aurum corruption detect for the full report)");
    }
  }

  /**
   * Marks the operation that re-fetches corrupted partitions as a recovery: like those of {@code
   * emergency recover}, an isolation of the source and a stop of non-critical work spare it.
   */
  public void recovering(String operationId) {
    store.emergencies().markRecovery(operationId);
  }

  /** Lifts the isolations of recovered partitions: their corrupted versions are discarded. */
  public List<IsolationRepository.Ended> recovered(
      SourceId source, List<PartitionKey> partitions, String reason, String actor) {
    return store.isolations().end(source, partitions, Ending.RECOVERED, reason, actor);
  }

  /**
   * {@code --recovery-method rollback}: each partition's head moves to its last good version (or
   * none when there is none), through a strict isolation whose recovery then discards the corrupted
   * version. Returns the partitions left without a head.
   */
  public List<PartitionKey> rollback(
      SourceId source, List<PartitionKey> partitions, String reason, String actor) {
    List<PartitionKey> lenient =
        open(source, partitions).stream()
            .filter(i -> i.mode() == Mode.LENIENT)
            .map(Isolation::partition)
            .toList();
    if (!lenient.isEmpty()) {
      store.isolations().end(source, lenient, Ending.RELEASE, reason, actor);
    }
    List<Target> targets = new ArrayList<>();
    for (PartitionKey k : partitions) {
      Head head = store.versions().head(k).orElse(null);
      if (head == null) {
        continue;
      }
      targets.add(new Target(k, head.versionId(), lastGood(k, head.versionId()), "rollback"));
    }
    store.isolations().isolate(targets, Mode.STRICT, reason, actor);
    recovered(source, partitions, reason, actor);
    List<PartitionKey> empty = new ArrayList<>();
    for (PartitionKey k : partitions) {
      if (store.versions().head(k).isEmpty()) {
        empty.add(k);
      }
    }
    return empty;
  }

  /** The newest SUPERSEDED version numbered below the head: what a rollback restores. */
  private Long lastGood(PartitionKey k, long headId) {
    List<PartitionVersion> all = store.versions().versions(k);
    int headNo =
        all.stream()
            .filter(v -> v.id() == headId)
            .mapToInt(PartitionVersion::versionNo)
            .findFirst()
            .orElse(Integer.MAX_VALUE);
    Long out = null;
    for (PartitionVersion v : all) {
      if (v.state() == VersionState.SUPERSEDED && v.versionNo() < headNo) {
        out = v.id();
      }
    }
    return out;
  }

  /**
   * Acknowledges every break of the audit chain that is not yet (an entry appended for each; the
   * edited entries stay as found). Returns the entries acknowledged now.
   */
  public List<Long> acknowledgeAuditBreaks(String reason, String actor) {
    return store.audit().acknowledgeBreaks(actor, null, reason);
  }
}
