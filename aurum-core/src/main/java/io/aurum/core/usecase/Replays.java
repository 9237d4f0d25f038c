package io.aurum.core.usecase;

import io.aurum.core.config.AurumConfig;
import io.aurum.core.config.OperationDefaults;
import io.aurum.core.error.AurumException;
import io.aurum.core.fetch.FetchGroups;
import io.aurum.core.model.Dataset;
import io.aurum.core.model.Head;
import io.aurum.core.model.Operation;
import io.aurum.core.model.OperationParams;
import io.aurum.core.model.OperationParams.Transforms;
import io.aurum.core.model.OperationSpec;
import io.aurum.core.model.OperationType;
import io.aurum.core.model.PartitionKey;
import io.aurum.core.model.Priority;
import io.aurum.core.model.ReplayParams;
import io.aurum.core.model.SourceId;
import io.aurum.core.model.TaskDraft;
import io.aurum.core.ops.OperationIds;
import io.aurum.core.port.Connector;
import io.aurum.core.port.Store;
import io.aurum.core.replay.ReplayPlanner;
import io.aurum.core.request.Origin;
import io.aurum.core.request.RequestRules;
import io.aurum.core.transform.Algorithms;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The replay use case (runbook §2.4–§2.5): validates a {@link ReplayRequest} into a spec and
 * creates the operation that refetches every partition of its range, covered or not, into new
 * versions. Running it is {@code OperationService}'s. Writes only in {@link #create}. Thread-safe.
 */
public final class Replays {
  private final AurumConfig config;
  private final Map<SourceId, Connector> connectors;
  private final RequestRules.Derivation derivation;
  private final Clock clock;

  /**
   * @param connectors used to group partitions into fetch windows; never asked to fetch
   * @param derivation recomputes what derives from the source (its quota key)
   */
  public Replays(
      AurumConfig config,
      Map<SourceId, Connector> connectors,
      RequestRules.Derivation derivation,
      Clock clock) {
    this.config = config;
    this.connectors = connectors;
    this.derivation = derivation;
    this.clock = clock;
  }

  /**
   * What is recomputed from a source (its quota key) for every replay spec, schema upgrades too.
   */
  RequestRules.Derivation derivation() {
    return derivation;
  }

  /** The PLANNED replay, its tasks, and the fetch windows and upstream requests they take. */
  public record Created(Operation operation, List<TaskDraft> tasks, int windows, long requests) {}

  /**
   * The request checked against the configuration before anything is written: a reason, dates in
   * order, a vintage date only for a source that keeps vintages, what its kind needs, known
   * algorithms, parameters and quality profiles, scripts that parse, a threshold in [0, 1], a known
   * conflict strategy, concurrency within the source quota, each dataset once; with its derived
   * fields (the quota key) computed.
   */
  public OperationSpec prepare(ReplayRequest r) {
    OperationDefaults.TypeDefaults d = config.defaults().of(OperationType.REPLAY);
    Origin o = r.origin();
    SourceId src = r.source();
    if (r.reason() == null || r.reason().isBlank()) {
      throw new AurumException.BadInput(
          "replay needs " + o.name("reason") + " \"why\": it is kept in the audit trail");
    }
    RequestRules.dates(r.start(), r.end(), o);
    if (r.asOf() != null && src != SourceId.FRED) {
      // Only FRED (ALFRED) serves vintages: elsewhere as-of would silently replay today's values.
      throw new AurumException.BadInput(
          o.name("as_of")
              + " needs a source that keeps vintages (fred): "
              + src.cliName()
              + " serves only its current values; drop "
              + o.name("as_of"));
    }
    Transforms tx = Transforms.NONE;
    OperationParams.Quality quality = OperationParams.Quality.NONE;
    if (r.kind() instanceof ReplayRequest.Kind.QualityImprovement q) {
      if (q.profile() != null) {
        config.qualityProfiles().get(q.profile());
      }
      quality = quality.withProfile(q.profile() == null ? "default" : q.profile());
    } else if (r.kind() != null) {
      tx = kind(r.kind(), o, tx);
    }
    if (RequestRules.threshold(r.threshold(), o) != null) {
      quality = quality.withThreshold(r.threshold());
    }
    if (r.algorithm() != null && r.kind() == null) {
      Algorithms.params(r.algorithm().algorithm(), r.algorithm().params(), o);
      tx = tx.withAlgorithm(r.algorithm().algorithm(), null);
    }
    tx = Script.transform(r.customTransform(), tx);
    tx = Script.validation(r.validationScript(), tx);
    String strategy = RequestRules.conflictStrategy(r.strategy(), d.conflictStrategy(), o);
    if (r.qualityProfile() != null) {
      config.qualityProfiles().get(r.qualityProfile());
    }
    List<Dataset> selected = RequestRules.datasets(config, src, r.datasets());
    int conc =
        RequestRules.concurrency(
            r.concurrency(), d.concurrency(), config.quotas().get(src), src, o);
    return RefetchSpecs.of(
        src,
        r.start(),
        r.end(),
        selected,
        conc,
        d.batchSize(),
        d.maxRetries(),
        d,
        strategy,
        new ReplayParams(null, quality, r.kind() == null ? null : r.kind().type(), r.asOf(), tx),
        derivation);
  }

  private Transforms kind(ReplayRequest.Kind kind, Origin o, Transforms tx) {
    if (kind instanceof ReplayRequest.Kind.SchemaCorrection s) {
      if (s.schemaVersion() == null || s.migration() == null) {
        throw new AurumException.BadInput(
            o.name("type")
                + " schema_correction needs "
                + o.name("schema_version")
                + " and "
                + o.name("migration_script"));
      }
      return Script.migration(s.migration(), tx.withSchemaVersion(s.schemaVersion()));
    } else if (kind instanceof ReplayRequest.Kind.AlgorithmUpdate a) {
      if (a.algorithm() == null) {
        throw new AurumException.BadInput(
            o.name("type") + " algorithm_update needs " + o.name("algorithm_version"));
      }
      Algorithms.params(a.algorithm(), a.params(), o);
      return tx.withAlgorithm(a.algorithm(), a.params());
    }
    return tx;
  }

  /**
   * Creates the PLANNED replay of a prepared spec: every partition of its range, each planned
   * against its current head, in fetch windows; refused (exit 4) when a live replay holds one.
   */
  public Created create(
      OperationSpec spec, Priority priority, String reason, String actor, Store store) {
    ReplayPlanner planner = new ReplayPlanner(store, connectors, config, clock);
    List<TaskDraft> tasks = planner.whole(spec);
    return created(planner, spec, tasks, priority, reason, actor);
  }

  /**
   * Creates the PLANNED replay of exactly {@code partitions} (a schema upgrade's), each planned
   * against its current head, in fetch windows; refused (exit 4) when a live replay holds one.
   */
  public Created create(
      OperationSpec spec,
      List<PartitionKey> partitions,
      Priority priority,
      String reason,
      String actor,
      Store store) {
    ReplayPlanner planner = new ReplayPlanner(store, connectors, config, clock);
    List<TaskDraft> tasks = new ArrayList<>();
    for (PartitionKey k : partitions) {
      tasks.add(new TaskDraft(k, null, store.versions().head(k).map(Head::versionId).orElse(null)));
    }
    return created(planner, spec, tasks, priority, reason, actor);
  }

  /** Creates the PLANNED replay of {@code tasks} and groups them into fetch windows. */
  private static Created created(
      ReplayPlanner planner,
      OperationSpec spec,
      List<TaskDraft> tasks,
      Priority priority,
      String reason,
      String actor) {
    Operation op =
        planner.create(
            OperationType.REPLAY,
            OperationIds.of(OperationType.REPLAY, spec.endDate(), spec.source()),
            spec,
            tasks,
            priority,
            reason,
            actor);
    FetchGroups.Grouped grouped = planner.group(tasks);
    return new Created(op, tasks, grouped.windows().size(), grouped.requests());
  }
}
