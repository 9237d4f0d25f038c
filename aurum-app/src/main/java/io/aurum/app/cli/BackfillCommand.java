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
import io.aurum.core.quality.QualityGate;
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
    if (endDate.isBefore(startDate)) {
      throw new AurumException.BadInput(
          "--end-date " + endDate + " is before --start-date " + startDate + ": swap them");
    }
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
    // Plan again against the (now opened) store: the dry plan above may have run without one.
    plan = app.operations(Listeners.logging()).planner().plan(spec);
    if (plan.partitions().isEmpty()) {
      out.printf(
          "nothing to do: all %d partition(s) of %s %s..%s are covered already (use --force to refetch)%n",
          plan.alreadyCovered(), src.cliName(), startDate, endDate);
      return 0;
    }
    var service = app.operations(Listeners.logging());
    spec =
        spec.withExtra(
            new Estimator(app.config()).of(OperationType.BACKFILL, spec, plan).asExtra());
    Operation op =
        service.create(
            OperationType.BACKFILL,
            OperationIds.of(OperationType.BACKFILL, endDate, src),
            spec,
            plan,
            Priority.parse(priority),
            reason,
            cli.actor());
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
        app,
        op.id(),
        interval(app),
        errorDetails,
        live -> service.start(op.id(), cli.actor(), live));
  }

  /** Runs a saved plan: its spec and partitions exactly, with the estimate it was made with. */
  private int fromPlan(AppContext app) {
    if (source != null || startDate != null || endDate != null || !datasets.isEmpty()) {
      throw new AurumException.BadInput(
          "--plan takes its source, dates and datasets from the plan file: drop --source, dates and --datasets");
    }
    PlanFile.Loaded loaded = PlanFile.read(planFile, app.config().catalog());
    OperationSpec spec = loaded.spec();
    Planner.Plan plan = loaded.plan();
    PrintWriter out = cli.out();
    if (dryRun) {
      PlanView.render(spec, plan, app.config(), format, out);
      return 0;
    }
    if (plan.partitions().isEmpty()) {
      out.printf("nothing to do: plan %s has no partitions%n", planFile);
      return 0;
    }
    Credentials.require(
        spec.source(),
        app.config().catalog().select(spec.source(), spec.datasets()),
        app.locations().sandbox(),
        cli);
    var service = app.operations(Listeners.logging());
    spec =
        spec.withExtra(new Estimator(app.config()).of(OperationType.BACKFILL, spec, plan).asExtra())
            .withExtra(java.util.Map.of("plan_file", planFile.toAbsolutePath().toString()));
    Operation op =
        service.create(
            OperationType.BACKFILL,
            OperationIds.of(OperationType.BACKFILL, spec.endDate(), spec.source()),
            spec,
            plan,
            Priority.parse(priority),
            reason,
            cli.actor());
    out.printf(
        "%s: running plan %s: %d partition(s), ~%d API calls, ~%d records%n",
        op.id(), planFile, plan.partitions().size(), plan.requests(), plan.records());
    out.flush();
    return Runs.foreground(
        app,
        op.id(),
        interval(app),
        errorDetails,
        live -> service.start(op.id(), cli.actor(), live));
  }

  /** The spec of a backfill from these options (also used by aurum plan and aurum estimate). */
  OperationSpec spec(AppContext app, SourceId src) {
    OperationDefaults.TypeDefaults d = app.config().defaults().of(OperationType.BACKFILL);
    SourceQuota quota = app.config().quotas().get(src);
    int conc = positive("--concurrency", concurrency, d.concurrency());
    if (concurrency != null && conc > quota.maxConcurrency()) {
      throw new AurumException.BadInput(
          "--concurrency "
              + conc
              + " is above the "
              + quota.maxConcurrency()
              + " that the "
              + src.cliName()
              + " quota allows (max_concurrency in data_source_quotas.json)");
    }
    conc = Math.min(conc, quota.maxConcurrency());
    if (parallelism != null) {
      conc = Math.min(conc, positive("--parallelism", parallelism, conc));
    }
    int batch = positive("--batch-size", batchSize, d.batchSize());
    int retries = maxRetries == null ? d.maxRetries() : maxRetries;
    if (retries < 0) {
      throw new AurumException.BadInput("--max-retries must be 0 or more, got " + retries);
    }
    double backoff = retryBackoff == null ? d.retryBackoffSeconds() : retryBackoff;
    if (backoff < 0) {
      throw new AurumException.BadInput(
          "--retry-backoff must be 0 or more seconds, got " + backoff);
    }
    Double rate = parseRate(rateLimit, quota, src);
    List<Dataset> selected = app.config().catalog().select(src, datasets);
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
    extra.put("quota_key", Credentials.keyId(src, app.locations().sandbox(), cli));
    if (qualityProfile != null) {
      extra.put(QualityGate.PROFILE_KEY, app.config().qualityProfiles().get(qualityProfile).name());
    }
    return new OperationSpec(
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
        d.conflictStrategy(),
        extra);
  }

  static Double parseRate(String text, SourceQuota quota, SourceId src) {
    if (text == null || text.equalsIgnoreCase("auto")) {
      return null;
    }
    double r;
    try {
      r = Double.parseDouble(text);
    } catch (NumberFormatException e) {
      throw new AurumException.BadInput(
          "--rate-limit '" + text + "' is not a number: use auto or requests per second, e.g. 5");
    }
    if (!(r > 0)) {
      throw new AurumException.BadInput(
          "--rate-limit must be above 0 requests per second, got " + text);
    }
    // A per-market source takes the rate per market, each capped at its own limit: the fastest
    // market bounds it.
    double cap =
        quota.perMarket()
            ? quota.markets().values().stream()
                .mapToDouble(SourceQuota::burstPerSecond)
                .max()
                .orElse(0)
            : quota.burstPerSecond();
    if (r > cap + 1e-9) {
      throw new AurumException.BadInput(
          String.format(
              "--rate-limit %s is above the %s quota of %.3f requests per second: use at most that, or auto",
              text, src.cliName(), cap));
    }
    return r;
  }

  static int positive(String flag, Integer value, int fallback) {
    int v = value == null ? fallback : value;
    if (v <= 0) {
      throw new AurumException.BadInput(flag + " must be above 0, got " + v);
    }
    return v;
  }

  private Duration interval(AppContext app) {
    int secs =
        progressInterval != null
            ? progressInterval
            : app.config().defaults().of(OperationType.BACKFILL).progressIntervalSeconds();
    if (secs <= 0) {
      throw new AurumException.BadInput("--progress-interval must be above 0 seconds, got " + secs);
    }
    return Duration.ofSeconds(secs);
  }
}
