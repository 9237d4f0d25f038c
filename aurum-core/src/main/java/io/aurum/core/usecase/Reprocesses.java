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
import io.aurum.core.model.ReprocessParams;
import io.aurum.core.model.SourceId;
import io.aurum.core.model.TaskDraft;
import io.aurum.core.model.VersionState;
import io.aurum.core.ops.OperationIds;
import io.aurum.core.port.Connector;
import io.aurum.core.port.Store;
import io.aurum.core.replay.HourWindows;
import io.aurum.core.replay.ReplayPlanner;
import io.aurum.core.request.Origin;
import io.aurum.core.request.RequestRules;
import io.aurum.core.rollback.RollbackService;
import io.aurum.core.usecase.ReprocessRequest.Scope;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The partial reprocess use case (runbook §3.3–§3.4): validates a {@link ReprocessRequest} into a
 * spec, plans its tasks (what a dry run shows), creates the operation, and after the run enforces
 * its rollback plan. Writes only in {@link #create} and {@link #enforceRollbackPlan}. Thread-safe.
 */
public final class Reprocesses {
  private static final Pattern RULE =
      Pattern.compile("quality\\s*(<=|<)\\s*([0-9]*\\.?[0-9]+)", Pattern.CASE_INSENSITIVE);

  private final AurumConfig config;
  private final Map<SourceId, Connector> connectors;
  private final RequestRules.Derivation derivation;
  private final Clock clock;

  /**
   * @param connectors used to group tasks into fetch windows; never asked to fetch
   * @param derivation recomputes what derives from the source (its quota key)
   */
  public Reprocesses(
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
   * A validated spec with the operation's id, the scope (a failure log's entries kept only when of
   * the source and datasets asked, each once) and the quality below which the rollback plan rolls
   * the run back (null: no plan).
   */
  public record Prepared(
      OperationSpec spec, String operationId, Scope scope, Double rollbackBelow) {}

  /** The tasks of a prepared reprocess, each against its current head, and their fetch windows. */
  public record Planned(Prepared prepared, List<TaskDraft> tasks, int windows, long requests) {}

  /** What the rollback plan did after the run. */
  public sealed interface RollbackPlan permits Kept, RolledBack {}

  /** The worst published quality was not below the plan's: the run stands. */
  public record Kept(double worst) implements RollbackPlan {}

  /** The run was rolled back (emergency) by {@code rollbackId}: its worst quality was below. */
  public record RolledBack(double worst, double below, String rollbackId) implements RollbackPlan {}

  /**
   * The request checked against the configuration before anything is written: a rollback plan that
   * names a quality, a validation script that parses, a threshold in [0, 1], a known conflict
   * strategy, datasets of the source (the intraday ones for hours), tuning within limits, what the
   * scope needs (hours valid on the day in each dataset's zone, a range that runs forward, a
   * failure log listing partitions of the source); with its derived fields computed.
   */
  public Prepared prepare(ReprocessRequest r) {
    Origin o = r.origin();
    SourceId src = r.source();
    Scope scope = r.scope();
    List<Integer> hours =
        scope instanceof Scope.TimeWindow w && w.hours() != null
            ? HourWindows.parseHours(w.hours(), o)
            : null;
    Double rollbackBelow = rollbackBelow(r.rollbackPlan(), o);
    String partialType = scope.type();
    Transforms tx = Script.validation(r.validationScript(), Transforms.NONE);
    OperationParams.Quality quality =
        OperationParams.Quality.NONE.withThreshold(RequestRules.threshold(r.threshold(), o));
    String hoursAsked = null;
    String incrementalField = null;
    OperationDefaults.TypeDefaults d = config.defaults().of(OperationType.PARTIAL);
    String strategy = RequestRules.conflictStrategy(r.strategy(), d.conflictStrategy(), o);
    List<Dataset> selected = RequestRules.datasets(config, src, r.datasets());
    boolean hourly = scope instanceof Scope.TimeWindow || scope instanceof Scope.TimeRange;
    if (r.datasets().isEmpty() && hourly) {
      // Without datasets named, hours and time ranges apply to the source's intraday datasets.
      selected = selected.stream().filter(ds -> ds.frequency().intraday()).toList();
      if (selected.isEmpty()) {
        throw new AurumException.BadInput(
            "source "
                + src.cliName()
                + " has no hourly or 5-minute dataset: hours apply to intraday datasets only");
      }
    }
    Tuning t = r.tuning();
    int conc =
        RequestRules.concurrency(
            t.concurrency(), d.concurrency(), config.quotas().get(src), src, o);
    int batch = RequestRules.batchSize(t.batchSize(), d.batchSize(), o);
    if (t.maxRetries() != null && t.maxRetries() < 0) {
      // Reprocess counts attempts: the retries are one less.
      throw new AurumException.BadInput(
          o.name("max_retries") + " must be above 0, got " + (t.maxRetries() + 1));
    }
    int retries = RequestRules.maxRetries(t.maxRetries(), d.maxRetries(), o);
    LocalDate first;
    LocalDate last;
    String id;
    if (scope instanceof Scope.TimeWindow w) {
      need(w.date(), "date", o);
      if (hours == null) {
        throw new AurumException.BadInput(
            o.name("type") + " time_window needs " + o.name("hours") + ", e.g. 14,15,16 or 10-16");
      }
      for (Dataset ds : selected) {
        HourWindows.instants(w.date(), ds.zone(), hours, o);
      }
      first = w.date();
      last = w.date();
      id = OperationIds.partial(w.date(), src, hours.get(0), hours.get(hours.size() - 1));
      hoursAsked = w.hours();
    } else if (scope instanceof Scope.TimeRange tr) {
      LocalDateTime s = time(tr.start(), "start_time", o);
      LocalDateTime e = time(tr.end(), "end_time", o);
      HourWindows.range(s, e, selected.get(0).zone(), o);
      first = s.toLocalDate();
      last = e.minusSeconds(1).toLocalDate();
      id = OperationIds.partial(last, src, s.getHour(), e.minusSeconds(1).getHour());
    } else if (scope instanceof Scope.Datasets ds) {
      need(ds.date(), "date", o);
      if (r.datasets().isEmpty()) {
        throw new AurumException.BadInput(
            o.name("type") + " datasets needs " + o.name("datasets") + " A,B");
      }
      first = ds.date();
      last = ds.date();
      id = OperationIds.of(OperationType.PARTIAL, ds.date(), src);
    } else if (scope instanceof Scope.FailedRecords f) {
      if (f.log() == null) {
        throw new AurumException.BadInput(
            o.name("type") + " failed_records needs " + o.name("failure_log") + " FILE");
      }
      scope = failed(f, src, r.datasets());
      List<LocalDate> periods =
          ((Scope.FailedRecords) scope)
              .entries().stream().map(x -> LocalDate.parse(x.partition())).toList();
      first = periods.stream().min(LocalDate::compareTo).orElseThrow();
      last = periods.stream().max(LocalDate::compareTo).orElseThrow();
      id = OperationIds.of(OperationType.PARTIAL, last, src) + "_FAILED";
    } else {
      Scope.Incremental inc = (Scope.Incremental) scope;
      need(inc.baseDate(), "base_date", o);
      first = inc.baseDate();
      last = inc.baseDate();
      id = OperationIds.of(OperationType.PARTIAL, inc.baseDate(), src) + "_INCR";
      incrementalField = inc.field() == null ? "last_updated" : inc.field();
    }
    OperationSpec spec =
        RefetchSpecs.of(
            src,
            first,
            last,
            selected,
            conc,
            batch,
            retries,
            d,
            strategy,
            new ReprocessParams(
                null, quality, partialType, hoursAsked, incrementalField, rollbackBelow, tx),
            derivation);
    return new Prepared(spec, id, scope, rollbackBelow);
  }

  /** The tasks of a prepared reprocess against {@code store}'s heads: what a dry run shows. */
  public Planned plan(Prepared p, Store store) {
    ReplayPlanner planner = new ReplayPlanner(store, connectors, config, clock);
    OperationSpec spec = p.spec();
    List<TaskDraft> tasks;
    if (p.scope() instanceof Scope.TimeWindow w) {
      List<Integer> hours = HourWindows.parseHours(w.hours());
      tasks =
          planner.windows(
              spec, ds -> Map.of(w.date(), HourWindows.instants(w.date(), ds.zone(), hours)));
    } else if (p.scope() instanceof Scope.TimeRange tr) {
      Dataset firstDataset = config.catalog().get(spec.source(), spec.datasets().get(0));
      List<Instant> all = HourWindows.range(tr.start(), tr.end(), firstDataset.zone());
      tasks = planner.windows(spec, ds -> ReplayPlanner.byDay(ds, all));
    } else if (p.scope() instanceof Scope.FailedRecords f) {
      tasks = new ArrayList<>();
      for (ReprocessRequest.Failed x : f.entries()) {
        PartitionKey key =
            new PartitionKey(spec.source(), x.dataset(), LocalDate.parse(x.partition()));
        Long head = store.versions().head(key).map(Head::versionId).orElse(null);
        tasks.add(new TaskDraft(key, x.window(), head));
      }
    } else {
      tasks = planner.whole(spec);
    }
    FetchGroups.Grouped grouped = planner.group(tasks);
    return new Planned(p, tasks, grouped.windows().size(), grouped.requests());
  }

  /**
   * Creates the PLANNED operation of a plan; refused (exit 4) when a live reprocess holds an
   * overlapping window of one of its partitions.
   */
  public Operation create(Planned p, Priority priority, String reason, String actor, Store store) {
    return new ReplayPlanner(store, connectors, config, clock)
        .create(
            OperationType.PARTIAL,
            p.prepared().operationId(),
            p.prepared().spec(),
            p.tasks(),
            priority,
            reason,
            actor);
  }

  /**
   * After the run: when a version it published scored below the plan's quality, rolls the whole
   * operation back (emergency) and says so; otherwise leaves it.
   */
  public RollbackPlan enforceRollbackPlan(
      String operationId, double below, Store store, RollbackService rollbacks, String actor) {
    double worst =
        store.versions().written(operationId).stream()
            .filter(p -> p.after().state() == VersionState.PUBLISHED)
            .mapToDouble(p -> p.after().qualityScore())
            .min()
            .orElse(1.0);
    if (worst >= below) {
      return new Kept(worst);
    }
    var done =
        rollbacks.rollback(
            new RollbackService.Request(
                operationId,
                RollbackService.Type.EMERGENCY,
                false,
                false,
                false,
                false,
                "rollback plan: quality " + worst + " < " + below,
                actor));
    return new RolledBack(worst, below, done.get(done.size() - 1).rollbackId());
  }

  /** "Rollback to previous version if quality < 0.9": the quality, or null without a plan. */
  private static Double rollbackBelow(String plan, Origin o) {
    if (plan == null) {
      return null;
    }
    Matcher m = RULE.matcher(plan);
    if (!m.find()) {
      throw new AurumException.BadInput(
          o.name("rollback_plan")
              + " '"
              + plan
              + "': say e.g. \"Rollback to previous version if quality < 0.9\"");
    }
    return Double.parseDouble(m.group(2));
  }

  /** The log's entries of the source (and datasets, when named), each once, known datasets. */
  private Scope.FailedRecords failed(Scope.FailedRecords f, SourceId src, List<String> datasets) {
    Set<String> seen = new LinkedHashSet<>();
    List<ReprocessRequest.Failed> out = new ArrayList<>();
    for (ReprocessRequest.Failed x : f.entries()) {
      if (!src.cliName().equals(x.source())) {
        continue;
      }
      if (!datasets.isEmpty() && !datasets.contains(x.dataset())) {
        continue;
      }
      if (!seen.add(x.dataset() + "/" + x.partition() + "/" + x.window())) {
        continue;
      }
      config.catalog().get(src, x.dataset());
      LocalDate.parse(x.partition());
      out.add(x);
    }
    if (out.isEmpty()) {
      throw new AurumException.BadInput(f.log() + " lists no failed partition of " + src.cliName());
    }
    return new Scope.FailedRecords(f.log(), out);
  }

  private static void need(Object v, String field, Origin o) {
    if (v == null) {
      throw new AurumException.BadInput(
          "reprocess of this " + o.name("type") + " needs " + o.name(field));
    }
  }

  private static LocalDateTime time(LocalDateTime t, String field, Origin o) {
    if (t == null) {
      throw new AurumException.BadInput(
          o.name("type") + " time_range needs " + o.name(field) + " \"YYYY-MM-DD HH:MM:SS\"");
    }
    return t;
  }
}
