package io.aurum.core.usecase;

import io.aurum.core.config.AurumConfig;
import io.aurum.core.config.OperationDefaults;
import io.aurum.core.config.SourceQuota;
import io.aurum.core.estimate.Estimator;
import io.aurum.core.estimate.MemoryFit;
import io.aurum.core.model.BackfillParams;
import io.aurum.core.model.Dataset;
import io.aurum.core.model.Operation;
import io.aurum.core.model.OperationParams;
import io.aurum.core.model.OperationSpec;
import io.aurum.core.model.OperationType;
import io.aurum.core.model.PartitionKey;
import io.aurum.core.model.Priority;
import io.aurum.core.model.SourceId;
import io.aurum.core.model.TaskDraft;
import io.aurum.core.ops.OperationIds;
import io.aurum.core.ops.OperationService;
import io.aurum.core.plan.PlanFile;
import io.aurum.core.plan.Planner;
import io.aurum.core.port.Connector;
import io.aurum.core.port.OperationRepository;
import io.aurum.core.port.Store;
import io.aurum.core.request.RequestRules;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The backfill use case (runbook §1.3–§1.5): validates a {@link BackfillRequest} into a spec, plans
 * it (the one planner behind {@code plan}, {@code estimate}, {@code backfill --dry-run} and {@code
 * backfill}), reads saved plans, and creates the operation unless a live backfill holds its
 * partitions. Running and controlling the created operation is {@link OperationService}'s. Writes
 * only in {@link #create}. Thread-safe.
 */
public final class Backfills {
  /** How often a creation that waits for a holder asks the store whether the holder finished. */
  public static final Duration WAIT_POLL = Duration.ofSeconds(1);

  private final AurumConfig config;
  private final Map<SourceId, Connector> connectors;
  private final RequestRules.Derivation derivation;

  /**
   * @param connectors used to group partitions into fetch windows; never asked to fetch
   * @param derivation recomputes what derives from the source (its quota key)
   */
  public Backfills(
      AurumConfig config, Map<SourceId, Connector> connectors, RequestRules.Derivation derivation) {
    this.config = config;
    this.connectors = connectors;
    this.derivation = derivation;
  }

  /** A validated spec; {@code lowered} says how a memory budget lowered the asked tuning. */
  public record Prepared(OperationSpec spec, Optional<Lowered> lowered) {}

  /** The tuning a memory budget changed: concurrency and batch size, asked and fitted. */
  public record Lowered(
      String budget, int concurrency, int toConcurrency, int batch, int toBatch) {}

  /** A spec and the plan made for it. */
  public record Planned(OperationSpec spec, Planner.Plan plan) {}

  /** What {@link #create} did. */
  public sealed interface Creation permits Created, NothingToDo {}

  /** The operation, PLANNED, with the plan it was created from. */
  public record Created(Operation operation, Planner.Plan plan) implements Creation {}

  /** Nothing left to fetch: every partition is covered (or the saved plan has none). */
  public record NothingToDo(OperationSpec spec, int alreadyCovered) implements Creation {}

  /**
   * The request checked against the configuration (every limit of {@link RequestRules}, the
   * datasets of the source each once, the quality profile known), fitted into its memory budget,
   * and with its derived fields computed. Writes nothing.
   */
  public Prepared prepare(BackfillRequest r) {
    OperationDefaults.TypeDefaults d = config.defaults().of(OperationType.BACKFILL);
    SourceQuota quota = config.quotas().get(r.source());
    var o = r.origin();
    Tuning t = r.tuning();
    RequestRules.dates(r.start(), r.end(), o);
    int conc = RequestRules.concurrency(t.concurrency(), d.concurrency(), quota, r.source(), o);
    conc = RequestRules.parallelism(t.parallelism(), conc, o);
    int batch = RequestRules.batchSize(t.batchSize(), d.batchSize(), o);
    int retries = RequestRules.maxRetries(t.maxRetries(), d.maxRetries(), o);
    double backoff = RequestRules.retryBackoff(t.retryBackoffSeconds(), d.retryBackoffSeconds(), o);
    Double rate = RequestRules.rateLimit(t.rateLimit(), quota, r.source(), o);
    List<Dataset> selected = RequestRules.datasets(config, r.source(), r.datasets());
    Optional<Lowered> lowered = Optional.empty();
    if (t.memoryBudgetBytes() != null) {
      MemoryFit.Fit fit = MemoryFit.fit(t.memoryBudgetBytes(), conc, batch, selected, o);
      if (fit.concurrency() != conc || fit.batchSize() != batch) {
        lowered =
            Optional.of(
                new Lowered(t.memoryBudget(), conc, fit.concurrency(), batch, fit.batchSize()));
      }
      conc = fit.concurrency();
      batch = fit.batchSize();
    }
    OperationParams.Quality quality = OperationParams.Quality.NONE;
    if (r.qualityProfile() != null) {
      quality = quality.withProfile(config.qualityProfiles().get(r.qualityProfile()).name());
    }
    BackfillParams params =
        new BackfillParams(null, quality, t.parallelism(), t.memoryBudget(), null, null);
    OperationSpec spec =
        new OperationSpec(
            r.source(),
            r.start(),
            r.end(),
            selected.stream().map(Dataset::name).toList(),
            conc,
            batch,
            retries,
            rate,
            backoff,
            r.force(),
            RequestRules.conflictStrategy(null, d.conflictStrategy(), o),
            params);
    return new Prepared(RequestRules.derive(spec, derivation), lowered);
  }

  /** The backfill parameters of {@code spec}: those it has, else the common ones it has. */
  private static BackfillParams backfill(OperationSpec spec) {
    return spec.params() instanceof BackfillParams b
        ? b
        : BackfillParams.NONE
            .withQuotaKey(spec.params().quotaKey())
            .withQuality(spec.params().quality());
  }

  /** The plan of a validated spec against {@code store}, or as if it were empty when null. */
  public Planned plan(OperationSpec spec, Store store) {
    return new Planned(spec, new Planner(store, connectors, config).plan(spec));
  }

  /**
   * A saved plan ({@code aurum plan --output}) read through its schema and the same rules as flags,
   * with its file recorded in the spec.
   */
  public PlanFile.Loaded read(Path planFile) {
    PlanFile.Loaded loaded =
        PlanFile.read(planFile, config, config.defaults().of(OperationType.BACKFILL), derivation);
    OperationSpec spec =
        loaded
            .spec()
            .withParams(backfill(loaded.spec()).withPlanFile(planFile.toAbsolutePath().toString()));
    return new PlanFile.Loaded(spec, loaded.partitions(), loaded.alreadyCovered());
  }

  /** The plan of a saved plan's partitions exactly, regrouped into fetch windows. */
  public Planned plan(PlanFile.Loaded loaded, Store store) {
    return new Planned(
        loaded.spec(),
        new Planner(store, connectors, config)
            .plan(loaded.spec(), loaded.partitions(), loaded.alreadyCovered()));
  }

  /** The resources the plan takes, as {@code type} would spend them. */
  public Estimator.Estimate estimate(Planned p, OperationType type) {
    return new Estimator(config).of(type, p.spec(), p.plan());
  }

  /**
   * Creates the backfill of a prepared spec from a fresh plan against the service's store. When a
   * live backfill holds one of its partitions: refused (exit 4) naming the holder, or, with {@code
   * onWait} given, {@code onWait} is told, the holder is awaited and the plan made again, so only
   * what is still missing is fetched.
   */
  public Creation create(
      OperationSpec spec,
      Priority priority,
      String reason,
      String actor,
      OperationService service,
      Consumer<OperationRepository.Held> onWait) {
    return create(
        spec, priority, reason, actor, service, onWait, () -> service.planner().plan(spec));
  }

  /**
   * {@link #create} for a saved plan: its partitions exactly; after waiting for a holder, only
   * those still missing.
   */
  public Creation create(
      PlanFile.Loaded loaded,
      Priority priority,
      String reason,
      String actor,
      OperationService service,
      Consumer<OperationRepository.Held> onWait) {
    OperationSpec spec = loaded.spec();
    if (loaded.partitions().isEmpty()) {
      return new NothingToDo(spec, loaded.alreadyCovered());
    }
    boolean[] waited = {false};
    return create(
        spec,
        priority,
        reason,
        actor,
        service,
        onWait,
        () -> {
          List<TaskDraft> parts =
              waited[0] ? stillMissing(service, spec, loaded.partitions()) : loaded.partitions();
          waited[0] = true;
          return service.planner().plan(spec, parts, loaded.alreadyCovered());
        });
  }

  private Creation create(
      OperationSpec spec,
      Priority priority,
      String reason,
      String actor,
      OperationService service,
      Consumer<OperationRepository.Held> onWait,
      Supplier<Planner.Plan> planner) {
    while (true) {
      Planner.Plan plan = planner.get();
      if (plan.partitions().isEmpty()) {
        return new NothingToDo(spec, plan.alreadyCovered());
      }
      OperationSpec withEstimate =
          spec.withParams(
              backfill(spec)
                  .withEstimate(
                      new Estimator(config).of(OperationType.BACKFILL, spec, plan).asParams()));
      OperationRepository.Creation c =
          service.createUnlessHeld(
              OperationType.BACKFILL,
              OperationIds.of(OperationType.BACKFILL, spec.endDate(), spec.source()),
              withEstimate,
              plan,
              priority,
              reason,
              actor);
      if (c instanceof OperationRepository.Held h && onWait != null) {
        onWait.accept(h);
        service.awaitFinished(h.holderId(), WAIT_POLL, () -> {});
        continue;
      }
      return new Created(OperationService.created(c, OperationType.BACKFILL), plan);
    }
  }

  /** The plan's partitions that are not covered now (a holder may have filled some). */
  private static List<TaskDraft> stillMissing(
      OperationService service, OperationSpec spec, List<TaskDraft> parts) {
    if (spec.force()) {
      return parts;
    }
    Set<PartitionKey> missing = new HashSet<>();
    for (Planner.PlannedPartition p : service.planner().plan(spec).partitions()) {
      missing.add(p.key());
    }
    return parts.stream().filter(t -> missing.contains(t.partition())).toList();
  }
}
