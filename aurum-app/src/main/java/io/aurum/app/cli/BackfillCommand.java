package io.aurum.app.cli;

import io.aurum.app.wiring.AppContext;
import io.aurum.app.wiring.Locations;
import io.aurum.core.error.AurumException;
import io.aurum.core.model.Operation;
import io.aurum.core.model.OperationSpec;
import io.aurum.core.model.OperationType;
import io.aurum.core.model.Priority;
import io.aurum.core.model.SourceId;
import io.aurum.core.plan.PlanFile;
import io.aurum.core.plan.Planner;
import io.aurum.core.port.OperationRepository;
import io.aurum.core.request.Origin;
import io.aurum.core.request.RequestRules;
import io.aurum.core.usecase.BackfillRequest;
import io.aurum.core.usecase.Backfills;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Locale;
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
  @Mixin TuningOptions tuning;
  @Mixin RangeOptions range;
  @Mixin ControlForms control;
  @Mixin CriticalOption critical;

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

  @Option(names = "--error-details", description = "Print every failed partition with its error.")
  boolean errorDetails;

  @Option(names = "--priority", paramLabel = "low|normal|high")
  String priority = "normal";

  @Option(names = "--reason", description = "Why this backfill runs (kept in the audit trail).")
  String reason;

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
    boolean controlling =
        control.asked(range.source != null || range.startDate != null || range.endDate != null);
    try (AppContext app = AppContext.create(cli, Locations.resolve(common, cli))) {
      if (controlling) {
        return control.run(app, job, force, progressInterval, errorDetails, format);
      }
      return newBackfill(app);
    }
  }

  private int newBackfill(AppContext app) {
    if (planFile != null) {
      return fromPlan(app);
    }
    SourceId src =
        range.require(
            "backfill needs --source, --start-date and --end-date (or --job-id with --pause, --resume, --status or --cancel)");
    // Every flag is checked before anything is written: a bad one leaves the store as it was.
    Duration every = interval(app);
    Priority prio = Priority.parse(priority);
    Backfills backfills = UseCases.backfills(app);
    Backfills.Prepared prepared = backfills.prepare(request(src));
    prepared
        .lowered()
        .ifPresent(
            l ->
                cli.out()
                    .printf(
                        "--max-memory %s: concurrency %d -> %d, batch size %d -> %d%n",
                        l.budget(), l.concurrency(), l.toConcurrency(), l.batch(), l.toBatch()));
    OperationSpec spec = prepared.spec();
    Backfills.Planned dry = backfills.plan(spec, app.existingStore().orElse(null));
    if (dryRun) {
      PlanView.render(spec, dry.plan(), app.config(), format, cli.out());
      return 0;
    }
    Credentials.require(
        spec.source(),
        app.config().catalog().select(spec.source(), spec.datasets()),
        app.locations().sandbox(),
        cli);
    critical.refuseIfStopped(app, spec.source());
    var service = app.operations(Listeners.logging());
    // Planned again against the (now opened) store: the dry plan may have run without one.
    return started(
        app,
        service,
        backfills.create(spec, prio, reason, cli.actor(), service, onWait()),
        every,
        plan ->
            String.format(
                Locale.ROOT,
                "%d partition(s) to fetch (%d covered already) in %d fetch window(s), ~%d API calls, ~%d records, ~%s at %.2f req/s (%s-bound)",
                plan.partitions().size(),
                plan.alreadyCovered(),
                plan.windows(),
                plan.requests(),
                plan.records(),
                Format.duration(plan.estimatedDuration()),
                plan.effectiveRate(),
                plan.bound()));
  }

  /** Runs a saved plan: its spec and partitions exactly, with the estimate it was made with. */
  private int fromPlan(AppContext app) {
    if (range.given()) {
      throw new AurumException.BadInput(
          "--plan takes its source, dates and datasets from the plan file: drop --source, dates and --datasets");
    }
    Duration every = interval(app);
    Priority prio = Priority.parse(priority);
    Backfills backfills = UseCases.backfills(app);
    PlanFile.Loaded loaded = backfills.read(planFile);
    OperationSpec spec = loaded.spec();
    if (dryRun) {
      Planner.Plan plan = backfills.plan(loaded, app.existingStore().orElse(null)).plan();
      PlanView.render(spec, plan, app.config(), format, cli.out());
      return 0;
    }
    if (loaded.partitions().isEmpty()) {
      cli.out().printf("nothing to do: plan %s has no partitions%n", planFile);
      return 0;
    }
    Credentials.require(
        spec.source(),
        app.config().catalog().select(spec.source(), spec.datasets()),
        app.locations().sandbox(),
        cli);
    critical.refuseIfStopped(app, spec.source());
    var service = app.operations(Listeners.logging());
    return started(
        app,
        service,
        backfills.create(loaded, prio, reason, cli.actor(), service, onWait()),
        every,
        plan ->
            String.format(
                "running plan %s: %d partition(s), ~%d API calls, ~%d records",
                planFile, plan.partitions().size(), plan.requests(), plan.records()));
  }

  /** Says what was created and runs it in the foreground, or says there was nothing to do. */
  private int started(
      AppContext app,
      io.aurum.core.ops.OperationService service,
      Backfills.Creation creation,
      Duration every,
      java.util.function.Function<Planner.Plan, String> summary) {
    PrintWriter out = cli.out();
    if (creation instanceof Backfills.NothingToDo n) {
      if (planFile != null) {
        out.printf("nothing to do: plan %s has no partitions%n", planFile);
      } else {
        out.printf(
            "nothing to do: all %d partition(s) of %s %s..%s are covered already (use --force to refetch)%n",
            n.alreadyCovered(),
            n.spec().source().cliName(),
            n.spec().startDate(),
            n.spec().endDate());
      }
      out.flush();
      return 0;
    }
    Backfills.Created c = (Backfills.Created) creation;
    Operation op = c.operation();
    critical.mark(app, op);
    out.printf("%s: %s%n", op.id(), summary.apply(c.plan()));
    out.flush();
    return Runs.foreground(
        app, op.id(), every, errorDetails, live -> service.start(op.id(), cli.actor(), live));
  }

  /** With {@code --wait}: say which holder is awaited; without: refuse (exit 4). */
  private java.util.function.Consumer<OperationRepository.Held> onWait() {
    if (!waitForHolder) {
      return null;
    }
    return h -> {
      cli.err()
          .printf(
              "waiting for backfill %s (%s), which holds partition %s; it is checked every %d s%n",
              h.holderId(), h.holderState(), h.partition(), Backfills.WAIT_POLL.toSeconds());
      cli.err().flush();
    };
  }

  /** The request these flags make. */
  private BackfillRequest request(SourceId src) {
    return new BackfillRequest(
        src,
        range.startDate,
        range.endDate,
        range.datasets,
        tuning.tuning(),
        force,
        Priority.parse(priority),
        reason,
        qualityProfile,
        Origin.FLAGS);
  }

  private Duration interval(AppContext app) {
    return RequestRules.progressInterval(
        progressInterval,
        app.config().defaults().of(OperationType.BACKFILL).progressIntervalSeconds(),
        Origin.FLAGS);
  }
}
