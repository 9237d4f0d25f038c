package io.aurum.app.cli;

import io.aurum.app.wiring.AppContext;
import io.aurum.app.wiring.Locations;
import io.aurum.core.config.OperationDefaults;
import io.aurum.core.config.SourceQuota;
import io.aurum.core.error.AurumException;
import io.aurum.core.estimate.Estimator;
import io.aurum.core.model.Dataset;
import io.aurum.core.model.Operation;
import io.aurum.core.model.OperationSpec;
import io.aurum.core.model.OperationType;
import io.aurum.core.model.Priority;
import io.aurum.core.model.SourceId;
import io.aurum.core.ops.OperationIds;
import io.aurum.core.plan.PlanFile;
import io.aurum.core.plan.Planner;
import io.aurum.core.port.OperationRepository;
import io.aurum.core.quality.QualityGate;
import io.aurum.core.request.Origin;
import io.aurum.core.request.RequestRules;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code aurum backfill}: runbook §1.4–§1.5, including the pause/resume/status/cancel forms. */
@Command(
    name = "backfill",
    mixinStandardHelpOptions = true,
    description =
        "Fill historical gaps of a source over a date range (runbook 1.4), or control a backfill with --pause, --resume, --status or --cancel --job-id ID.")
public final class BackfillCommand implements Callable<Integer> {
  private final CliContext cli;

  @Mixin CommonOptions common;
  @Mixin JobIdOption job;

  @Option(names = "--source", paramLabel = "SOURCE", description = "eia, fred, cpi, noaa or iso.")
  String source;

  @Option(names = "--start-date", paramLabel = "YYYY-MM-DD", converter = Converters.Date.class)
  LocalDate startDate;

  @Option(names = "--end-date", paramLabel = "YYYY-MM-DD", converter = Converters.Date.class)
  LocalDate endDate;

  @Option(
      names = "--datasets",
      split = ",",
      paramLabel = "A,B",
      description = "Datasets to fill (default: every dataset of the source).")
  List<String> datasets = List.of();

  @Option(
      names = "--concurrency",
      description = "Tasks in flight at once (default from operation_defaults.json: 3).")
  Integer concurrency;

  @Option(names = "--batch-size", description = "Rows per write batch (default 1000).")
  Integer batchSize;

  @Option(names = "--max-retries", description = "Retries of a failed partition (default 3).")
  Integer maxRetries;

  @Option(
      names = "--rate-limit",
      paramLabel = "auto|N",
      description = "Upstream requests per second; auto = 80%% of the quota.")
  String rateLimit = "auto";

  @Option(
      names = "--retry-backoff",
      paramLabel = "SECONDS",
      description = "Base of the exponential backoff with full jitter (default 1).")
  Double retryBackoff;

  @Option(
      names = "--dry-run",
      description = "Print the plan and estimates; call no upstream API and write nothing.")
  boolean dryRun;

  @Option(
      names = "--force",
      description =
          "Refetch partitions that are already covered; with --cancel, abort in-flight work.")
  boolean force;

  @Option(
      names = "--progress-interval",
      paramLabel = "SECONDS",
      description = "Seconds between progress lines when not on a terminal (default 300).")
  Integer progressInterval;

  @Option(
      names = "--parallelism",
      description =
          "Worker threads of this process; tasks in flight are the lower of this and --concurrency.")
  Integer parallelism;

  @Option(
      names = "--max-memory",
      paramLabel = "SIZE",
      description =
          "Memory budget, e.g. 2g or 512m: concurrency and batch size are lowered until the estimate fits.")
  String maxMemory;

  @Option(names = "--error-details", description = "Print every failed partition with its error.")
  boolean errorDetails;

  @Option(names = "--priority", paramLabel = "low|normal|high")
  String priority = "normal";

  @Option(names = "--reason", description = "Why this backfill runs (kept in the audit trail).")
  String reason;

  @Option(
      names = "--pause",
      description = "Pause the backfill --job-id: in-flight tasks finish, nothing new starts.")
  boolean pause;

  @Option(
      names = "--resume",
      description = "Resume the backfill --job-id from its last successful point.")
  boolean resume;

  @Option(names = "--status", description = "Show the backfill --job-id and its resume point.")
  boolean status;

  @Option(
      names = "--cancel",
      description = "Cancel the backfill --job-id (with --force: abort in-flight work).")
  boolean cancel;

  @Option(
      names = "--plan",
      paramLabel = "FILE",
      description = "Run exactly the plan saved by aurum plan --output FILE.")
  java.nio.file.Path planFile;

  @Option(
      names = "--wait",
      description =
          "When a running or paused backfill holds some of these partitions, wait for it to finish,"
              + " then plan only what is still missing (default: refuse with exit 4).")
  boolean waitForHolder;

  @Option(
      names = "--quality-profile",
      paramLabel = "NAME",
      description =
          "Quality profile of the publish gate (quality_profiles.json; default standard).")
  String qualityProfile;

  @Option(
      names = "--format",
      paramLabel = "table|json",
      description = "Output of --status and --dry-run.")
  String format = "table";

  public BackfillCommand(CliContext cli) {
    this.cli = cli;
  }

  @Override
  public Integer call() {
    Logging.configure(common.logLevel());
    long forms = Arrays.asList(pause, resume, status, cancel).stream().filter(b -> b).count();
    if (forms > 1) {
      throw new AurumException.BadInput(
          "use one of --pause, --resume, --status and --cancel at a time");
    }
    if (forms == 1 && (source != null || startDate != null || endDate != null)) {
      throw new AurumException.BadInput(
          "--pause, --resume, --status and --cancel take only --job-id, not --source or dates");
    }
    try (AppContext app = AppContext.create(cli, Locations.resolve(common, cli))) {
      if (pause) {
        String id = job.require("backfill --pause");
        app.control().pause(id, cli.actor());
        cli.out()
            .printf(
                "%s paused: in-flight tasks finish, no new ones start; resume with aurum backfill --resume --job-id %s%n",
                id, id);
        return 0;
      }
      if (status) {
        String id = job.require("backfill --status");
        StatusView.render(app.control().status(id), app.store(), format, cli.out());
        return 0;
      }
      if (cancel) {
        String id = job.require("backfill --cancel");
        app.control().cancel(id, force, cli.actor());
        cli.out()
            .printf(
                "%s cancelled%s; remove staged leftovers with aurum cleanup --job-id %s%n",
                id, force ? " (in-flight work aborted)" : "", id);
        return 0;
      }
      if (resume) {
        String id = job.require("backfill --resume");
        Operation op = app.control().get(id);
        Credentials.require(
            op.source(),
            app.config().catalog().select(op.source(), op.spec().datasets()),
            app.locations().sandbox(),
            cli);
        return Runs.foreground(
            app,
            id,
            interval(app),
            errorDetails,
            live -> app.operations(Listeners.logging()).resume(id, cli.actor(), live));
      }
      return newBackfill(app);
    }
  }

  private int newBackfill(AppContext app) {
    if (planFile != null) {
      return fromPlan(app);
    }
    if (source == null || startDate == null || endDate == null) {
      throw new AurumException.BadInput(
          "backfill needs --source, --start-date and --end-date (or --job-id with --pause, --resume, --status or --cancel)");
    }
    SourceId src = SourceId.parse(source);
    RequestRules.dates(startDate, endDate, Origin.FLAGS);
    // Every flag is checked before anything is written: a bad one leaves the store as it was.
    Duration every = interval(app);
    OperationSpec spec = spec(app, src);
    Planner.Plan plan =
        new Planner(app.existingStore().orElse(null), app.plannerConnectors(), app.config())
            .plan(spec);
    PrintWriter out = cli.out();
    if (dryRun) {
      PlanView.render(spec, plan, app.config(), format, out);
      return 0;
    }
    Credentials.require(
        src, app.config().catalog().select(src, spec.datasets()), app.locations().sandbox(), cli);
    var service = app.operations(Listeners.logging());
    // Plan again against the (now opened) store: the dry plan above may have run without one.
    OperationSpec asked = spec;
    Created created = create(app, service, spec, endDate, src, () -> service.planner().plan(asked));
    if (created == null) {
      return 0;
    }
    Operation op = created.op();
    plan = created.plan();
    out.printf(
        "%s: %d partition(s) to fetch (%d covered already) in %d fetch window(s), ~%d API calls, ~%d records, ~%s at %.2f req/s (%s-bound)%n",
        op.id(),
        plan.partitions().size(),
        plan.alreadyCovered(),
        plan.windows(),
        plan.requests(),
        plan.records(),
        Format.duration(plan.estimatedDuration()),
        plan.effectiveRate(),
        plan.bound());
    out.flush();
    return Runs.foreground(
        app, op.id(), every, errorDetails, live -> service.start(op.id(), cli.actor(), live));
  }

  /** A created operation and the plan it was created from. */
  private record Created(Operation op, Planner.Plan plan) {}

  /** How often {@code --wait} asks the store whether the holder finished. */
  static final Duration WAIT_POLL = Duration.ofSeconds(1);

  /**
   * Creates the backfill from the plan {@code planner} makes; null (after saying so) when nothing
   * is left to do. When a live backfill holds one of its partitions: refused (exit 4) naming it, or
   * with {@code --wait}, waits until the holder finishes and plans again, so only what is still
   * missing is fetched.
   */
  private Created create(
      AppContext app,
      io.aurum.core.ops.OperationService service,
      OperationSpec spec,
      LocalDate end,
      SourceId src,
      java.util.function.Supplier<Planner.Plan> planner) {
    while (true) {
      Planner.Plan plan = planner.get();
      if (plan.partitions().isEmpty()) {
        cli.out()
            .printf(
                "nothing to do: all %d partition(s) of %s %s..%s are covered already (use --force to refetch)%n",
                plan.alreadyCovered(), src.cliName(), spec.startDate(), spec.endDate());
        cli.out().flush();
        return null;
      }
      OperationSpec withEstimate =
          spec.withExtra(
              new Estimator(app.config()).of(OperationType.BACKFILL, spec, plan).asExtra());
      OperationRepository.Creation c =
          service.createUnlessHeld(
              OperationType.BACKFILL,
              OperationIds.of(OperationType.BACKFILL, end, src),
              withEstimate,
              plan,
              Priority.parse(priority),
              reason,
              cli.actor());
      if (c instanceof OperationRepository.Held h && waitForHolder) {
        cli.err()
            .printf(
                "waiting for backfill %s (%s), which holds partition %s; it is checked every %d s%n",
                h.holderId(), h.holderState(), h.partition(), WAIT_POLL.toSeconds());
        cli.err().flush();
        service.awaitFinished(h.holderId(), WAIT_POLL, () -> {});
        continue;
      }
      return new Created(
          io.aurum.core.ops.OperationService.created(c, OperationType.BACKFILL), plan);
    }
  }

  /** Runs a saved plan: its spec and partitions exactly, with the estimate it was made with. */
  private int fromPlan(AppContext app) {
    if (source != null || startDate != null || endDate != null || !datasets.isEmpty()) {
      throw new AurumException.BadInput(
          "--plan takes its source, dates and datasets from the plan file: drop --source, dates and --datasets");
    }
    Duration every = interval(app);
    OperationDefaults.TypeDefaults d = app.config().defaults().of(OperationType.BACKFILL);
    PlanFile.Loaded loaded = PlanFile.read(planFile, app.config(), d, derivation(app));
    OperationSpec spec =
        loaded.spec().withExtra(Map.of("plan_file", planFile.toAbsolutePath().toString()));
    PrintWriter out = cli.out();
    if (dryRun) {
      Planner.Plan plan =
          new Planner(app.existingStore().orElse(null), app.plannerConnectors(), app.config())
              .plan(spec, loaded.partitions(), loaded.alreadyCovered());
      PlanView.render(spec, plan, app.config(), format, out);
      return 0;
    }
    if (loaded.partitions().isEmpty()) {
      out.printf("nothing to do: plan %s has no partitions%n", planFile);
      return 0;
    }
    Credentials.require(
        spec.source(),
        app.config().catalog().select(spec.source(), spec.datasets()),
        app.locations().sandbox(),
        cli);
    var service = app.operations(Listeners.logging());
    boolean[] waited = {false};
    Created created =
        create(
            app,
            service,
            spec,
            spec.endDate(),
            spec.source(),
            () -> {
              // After waiting for a holder: only the partitions still missing.
              List<io.aurum.core.model.TaskDraft> parts =
                  waited[0] ? stillMissing(app, spec, loaded.partitions()) : loaded.partitions();
              waited[0] = true;
              return service.planner().plan(spec, parts, loaded.alreadyCovered());
            });
    if (created == null) {
      return 0;
    }
    Operation op = created.op();
    Planner.Plan plan = created.plan();
    out.printf(
        "%s: running plan %s: %d partition(s), ~%d API calls, ~%d records%n",
        op.id(), planFile, plan.partitions().size(), plan.requests(), plan.records());
    out.flush();
    return Runs.foreground(
        app, op.id(), every, errorDetails, live -> service.start(op.id(), cli.actor(), live));
  }

  /** The plan's partitions that are not covered now (a holder may have filled some). */
  private static List<io.aurum.core.model.TaskDraft> stillMissing(
      AppContext app, OperationSpec spec, List<io.aurum.core.model.TaskDraft> parts) {
    if (spec.force()) {
      return parts;
    }
    java.util.Set<io.aurum.core.model.PartitionKey> missing = new java.util.HashSet<>();
    for (Planner.PlannedPartition p :
        new Planner(app.store(), app.plannerConnectors(), app.config()).plan(spec).partitions()) {
      missing.add(p.key());
    }
    return parts.stream().filter(t -> missing.contains(t.partition())).toList();
  }

  /** What the request rules recompute from the source: its quota key (one per API key). */
  static RequestRules.Derivation derivation(AppContext app) {
    return src ->
        new RequestRules.Derived(Credentials.keyId(src, app.locations().sandbox(), app.cli()));
  }

  /** The spec of a backfill from these options (also used by aurum plan and aurum estimate). */
  OperationSpec spec(AppContext app, SourceId src) {
    OperationDefaults.TypeDefaults d = app.config().defaults().of(OperationType.BACKFILL);
    SourceQuota quota = app.config().quotas().get(src);
    Origin o = Origin.FLAGS;
    int conc = RequestRules.concurrency(concurrency, d.concurrency(), quota, src, o);
    conc = RequestRules.parallelism(parallelism, conc, o);
    int batch = RequestRules.batchSize(batchSize, d.batchSize(), o);
    int retries = RequestRules.maxRetries(maxRetries, d.maxRetries(), o);
    double backoff = RequestRules.retryBackoff(retryBackoff, d.retryBackoffSeconds(), o);
    Double rate = RequestRules.rateLimit(rateLimit, quota, src, o);
    List<Dataset> selected = RequestRules.datasets(app.config(), src, datasets);
    if (maxMemory != null) {
      MemoryBudget.Fit fit = MemoryBudget.fit(MemoryBudget.parse(maxMemory), conc, batch, selected);
      if (fit.concurrency() != conc || fit.batchSize() != batch) {
        cli.out()
            .printf(
                "--max-memory %s: concurrency %d -> %d, batch size %d -> %d%n",
                maxMemory, conc, fit.concurrency(), batch, fit.batchSize());
      }
      conc = fit.concurrency();
      batch = fit.batchSize();
    }
    Map<String, String> extra = new HashMap<>();
    if (parallelism != null) {
      extra.put("parallelism", parallelism.toString());
    }
    if (maxMemory != null) {
      extra.put("max_memory", maxMemory);
    }
    if (qualityProfile != null) {
      extra.put(QualityGate.PROFILE_KEY, app.config().qualityProfiles().get(qualityProfile).name());
    }
    return RequestRules.derive(
        new OperationSpec(
            src,
            startDate,
            endDate,
            selected.stream().map(Dataset::name).toList(),
            conc,
            batch,
            retries,
            rate,
            backoff,
            force,
            RequestRules.conflictStrategy(null, d.conflictStrategy(), o),
            extra),
        derivation(app));
  }

  private Duration interval(AppContext app) {
    return RequestRules.progressInterval(
        progressInterval,
        app.config().defaults().of(OperationType.BACKFILL).progressIntervalSeconds(),
        Origin.FLAGS);
  }
}
