package io.aurum.core.usecase;

import io.aurum.core.config.DatasetCatalog;
import io.aurum.core.error.AurumException;
import io.aurum.core.integrity.Finding;
import io.aurum.core.integrity.Kind;
import io.aurum.core.integrity.VersionCheck;
import io.aurum.core.model.Dataset;
import io.aurum.core.model.Operation;
import io.aurum.core.model.OperationType;
import io.aurum.core.model.SourceId;
import io.aurum.core.port.EmergencyRepository;
import io.aurum.core.port.Store;
import io.aurum.core.usecase.RecoveryPlan.Step;
import io.aurum.core.usecase.RecoveryPlan.Unplanned;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code aurum emergency plan}: turns a damage report ({@code emergency assess}) into a {@link
 * RecoveryPlan}. Failed and stalled operations are resumed and ended ones with staged leftovers
 * cleaned up first; audit chain breaks are acknowledged (never rewritten); every partition whose
 * data is damaged (checksum, schema, completeness, accuracy findings) is repaired: rolled back to
 * its last good version when its head version is damaged and an earlier one verifies clean ({@link
 * LastGoodVersions}: no upstream request), else re-fetched by a selective replay of exactly those
 * partitions; one step of each per dataset (they run in parallel); then the source is re-validated;
 * the isolation of the source, if one stands, is released last. An operation's rollback is not
 * planned: it restores every partition of the operation, where these touch only the damaged ones.
 * Replay estimates come from the estimator, as {@code aurum estimate replay} would give them per
 * contiguous range. Reads only.
 */
public final class RecoveryPlans {
  /** Findings of these kinds are repaired by re-fetching their partitions. */
  static final Set<Kind> REFETCHED =
      EnumSet.of(
          Kind.CHECKSUM_MISMATCH,
          Kind.MALFORMED_CHECKSUM,
          Kind.MISSING_VERSION,
          Kind.ROW_COUNT_MISMATCH,
          Kind.SCHEMA_VERSION_MISMATCH,
          Kind.UNIT_MISMATCH,
          Kind.MISSING_PARTITION,
          Kind.PARTIAL_DAY,
          Kind.NON_FINITE_VALUE,
          Kind.OUT_OF_BOUNDS);

  private static final Pattern OPERATION =
      Pattern.compile("(?:^[A-Z_]+ |operation )([A-Za-z0-9_.:-]+)");
  private static final DateTimeFormatter ID_TIME =
      DateTimeFormatter.ofPattern("yyyyMMdd_HHmmss").withZone(ZoneOffset.UTC);

  private final Store store;
  private final ReplayEstimate cost;
  private final Clock clock;
  private final DatasetCatalog catalog;

  /**
   * @param store read for the operations findings name, the isolation standing and the versions a
   *     rollback may restore; may be null (then no resume or rollback is planned and the estimates
   *     assume an empty store)
   * @param catalog the datasets, to verify earlier versions against; null: no rollback is planned
   */
  public RecoveryPlans(Store store, Estimates estimates, Clock clock, DatasetCatalog catalog) {
    this.store = store;
    this.cost = new ReplayEstimate(store, estimates);
    this.clock = clock;
    this.catalog = catalog;
  }

  /** Plans without rollbacks: every damaged partition is re-fetched. */
  public RecoveryPlans(Store store, Estimates estimates, Clock clock) {
    this(store, estimates, clock, null);
  }

  /** The plan for {@code source} from its damage report; bad input when the report is another's. */
  public RecoveryPlan plan(SourceId source, ScanReport damage) {
    if (!"damage".equals(damage.report())) {
      throw new AurumException.BadInput(
          "the damage assessment is a "
              + damage.report()
              + " report, not a damage report: write one with an emergency assessment of "
              + source.cliName());
    }
    if (damage.source() != source) {
      throw new AurumException.BadInput(
          "the damage assessment is of source "
              + damage.source().cliName()
              + ", not "
              + source.cliName()
              + ": plan for source "
              + damage.source().cliName()
              + " or assess "
              + source.cliName()
              + " first");
    }
    Instant now = clock.instant();
    Map<String, Finding> resumes = new LinkedHashMap<>();
    Map<String, Finding> cleanups = new LinkedHashMap<>();
    Map<String, TreeSet<LocalDate>> refetch = new TreeMap<>();
    Map<String, Map<LocalDate, Set<Kind>>> kinds = new TreeMap<>();
    List<Finding> auditBreaks = new ArrayList<>();
    List<Unplanned> unplanned = new ArrayList<>();
    for (Finding f : damage.findings()) {
      switch (f.kind()) {
        case FAILED_OPERATION, STALLED_OPERATION -> {
          String id = operationOf(f);
          if (id == null || store == null || store.operations().find(id).isEmpty()) {
            unplanned.add(
                unplanned(f, "the operation is not in this store: " + f.suggestedAction()));
          } else {
            resumes.putIfAbsent(id, f);
          }
        }
        case STAGED_NOT_PUBLISHED -> {
          String id = operationOf(f);
          if (id != null && store != null && store.operations().find(id).isPresent()) {
            cleanups.putIfAbsent(id, f);
          }
          addPartitions(refetch, kinds, f);
        }
        case AUDIT_CHAIN_BREAK -> auditBreaks.add(f);
        default -> {
          if (REFETCHED.contains(f.kind()) && f.dataset() != null && !f.partitions().isEmpty()) {
            addPartitions(refetch, kinds, f);
          } else {
            unplanned.add(unplanned(f, f.suggestedAction()));
          }
        }
      }
    }
    List<Step> steps = new ArrayList<>();
    List<String> before = new ArrayList<>();
    for (Map.Entry<String, Finding> e : resumes.entrySet()) {
      Operation op = store.operations().find(e.getKey()).orElseThrow();
      String id = id(steps);
      steps.add(RecoverySteps.resume(id, op, e.getValue(), cost.of(OperationType.BACKFILL, op)));
      before.add(id);
    }
    for (Map.Entry<String, Finding> e : cleanups.entrySet()) {
      String id = id(steps);
      steps.add(RecoverySteps.cleanup(id, e.getKey(), e.getValue()));
      before.add(id);
    }
    List<String> all = new ArrayList<>(before);
    if (!auditBreaks.isEmpty()) {
      String id = id(steps);
      steps.add(RecoverySteps.acknowledgeAuditBreak(id, auditBreaks.get(0)));
      all.add(id);
    }
    Map<String, List<LocalDate>> replays = new TreeMap<>();
    for (Map.Entry<String, TreeSet<LocalDate>> e : refetch.entrySet()) {
      LastGoodVersions.Choice choice = choose(source, e.getKey(), e.getValue(), kinds);
      if (!choice.replays().isEmpty()) {
        replays.put(e.getKey(), choice.replays());
      }
      if (!choice.rollbacks().isEmpty()) {
        String id = id(steps);
        steps.add(LastGoodVersions.step(id, e.getKey(), choice.rollbacks(), before));
        all.add(id);
      }
    }
    for (Map.Entry<String, List<LocalDate>> e : replays.entrySet()) {
      long[] c = cost.of(source, e.getKey(), e.getValue());
      String id = id(steps);
      steps.add(RecoverySteps.replay(id, source, e.getKey(), e.getValue(), before, c));
      all.add(id);
    }
    String validate = id(steps);
    steps.add(RecoverySteps.validate(validate, source, damage.datasets(), all));
    if (store != null && isolated(source, now)) {
      steps.add(RecoverySteps.releaseIsolation(id(steps), source, validate));
    }
    String planId =
        "RECOVERY_"
            + ID_TIME.format(now)
            + "_"
            + source.cliName().toUpperCase(java.util.Locale.ROOT);
    return new RecoveryPlan(planId, source, now, damage.generatedAt(), steps, unplanned);
  }

  /** The days of one dataset rolled back and replayed (all replayed without store or catalog). */
  private LastGoodVersions.Choice choose(
      SourceId source,
      String dataset,
      Set<LocalDate> days,
      Map<String, Map<LocalDate, Set<Kind>>> kinds) {
    Set<LocalDate> rollbackable = new TreeSet<>();
    kinds
        .getOrDefault(dataset, Map.of())
        .forEach(
            (day, k) -> {
              if (VersionCheck.VERSION_DAMAGE.containsAll(k)) {
                rollbackable.add(day);
              }
            });
    Dataset d = null;
    if (store != null && catalog != null && !rollbackable.isEmpty()) {
      try {
        d = catalog.get(source, dataset);
      } catch (AurumException unknown) {
        d = null;
      }
    }
    if (d == null) {
      return new LastGoodVersions.Choice(List.of(), List.copyOf(days));
    }
    return LastGoodVersions.choose(d, days, rollbackable, LastGoodVersions.of(store, d));
  }

  private boolean isolated(SourceId source, Instant now) {
    return store.emergencies().active(now).stream()
        .anyMatch(
            e ->
                e.kind() == EmergencyRepository.Kind.ISOLATION
                    && source.cliName().equals(e.scopeSource()));
  }

  private static Unplanned unplanned(Finding f, String action) {
    return new Unplanned(f.kind().label(), f.dataset(), f.evidence(), action);
  }

  private static void addPartitions(
      Map<String, TreeSet<LocalDate>> refetch,
      Map<String, Map<LocalDate, Set<Kind>>> kinds,
      Finding f) {
    if (f.dataset() != null && !f.partitions().isEmpty()) {
      refetch.computeIfAbsent(f.dataset(), k -> new TreeSet<>()).addAll(f.partitions());
      Map<LocalDate, Set<Kind>> byDay = kinds.computeIfAbsent(f.dataset(), k -> new TreeMap<>());
      for (LocalDate day : f.partitions()) {
        byDay.computeIfAbsent(day, k -> EnumSet.noneOf(Kind.class)).add(f.kind());
      }
    }
  }

  /**
   * The operation a finding's evidence names ({@code BACKFILL ID over …}, {@code operation ID}).
   */
  static String operationOf(Finding f) {
    Matcher m = OPERATION.matcher(f.evidence() == null ? "" : f.evidence());
    return m.find() ? m.group(1) : null;
  }

  private static String id(List<Step> steps) {
    return String.format("step-%02d", steps.size() + 1);
  }

  /** The kinds a plan leaves to an operator: the final validation tolerates them. */
  public static Set<String> tolerated(RecoveryPlan plan) {
    Set<String> out = new LinkedHashSet<>();
    plan.unplanned().forEach(u -> out.add(u.kind()));
    return out;
  }
}
