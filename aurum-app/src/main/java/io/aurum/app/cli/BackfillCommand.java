package io.aurum.app.cli;

import io.aurum.app.wiring.AppContext;
import io.aurum.app.wiring.Locations;
import io.aurum.core.error.AurumException;
import io.aurum.core.model.Operation;
import io.aurum.core.model.OperationSpec;
import io.aurum.core.model.Priority;
import io.aurum.core.model.SourceId;
import io.aurum.core.ops.OperationService;
import io.aurum.core.plan.PlanFile;
import io.aurum.core.usecase.Backfills;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

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
  @Mixin BackfillOptions opts;

  @Mixin CriticalOption critical;
  @Mixin MetricsOptions metrics;

  @Mixin FormatOption formats;
  @Mixin SubmitOption submit;

  private String format;

  public BackfillCommand(CliContext cli) {
    this.cli = cli;
  }

  @Override
  public Integer call() {
    Logging.configure(common.logLevel());
    format = formats.of("table", "json");
    boolean controlling =
        control.asked(range.source != null || range.startDate != null || range.endDate != null);
    try (AppContext app = AppContext.open(cli, () -> Locations.resolve(common, cli))) {
      metrics.apply(app);
      if (controlling) {
        return control.run(app, job, opts.force, opts.progressInterval, opts.errorDetails, format);
      }
      return opts.planFile != null ? fromPlan(app) : newBackfill(app);
    }
  }

  private int newBackfill(AppContext app) {
    SourceId src =
        range.require(
            "backfill needs --source, --start-date and --end-date (or --job-id with --pause, --resume, --status or --cancel)");
    // Every flag is checked before anything is written: a bad one leaves the store as it was.
    Duration every = opts.interval(app.config());
    Priority prio = opts.priority();
    Backfills backfills = UseCases.backfills(app);
    Backfills.Prepared prepared = backfills.prepare(opts.request(src, range, tuning.tuning()));
    prepared.lowered().ifPresent(l -> BackfillView.lowered(l, cli.out()));
    OperationSpec spec = prepared.spec();
    Backfills.Planned dry = backfills.plan(spec, app.existingStore().orElse(null));
    if (opts.dryRun) {
      return dryRun(app, dry);
    }
    submit.check(app, null);
    OperationService service = credentialed(app, spec);
    // Planned again against the (now opened) store: the dry plan may have run without one.
    return started(
        app,
        service,
        backfills.create(spec, prio, opts.reason, cli.actor(), service, opts.onWait(cli.err())),
        every);
  }

  /** Runs a saved plan: its spec and partitions exactly, with the estimate it was made with. */
  private int fromPlan(AppContext app) {
    if (range.given()) {
      throw new AurumException.BadInput(
          "--plan takes its source, dates and datasets from the plan file: drop --source, dates and --datasets");
    }
    Duration every = opts.interval(app.config());
    Priority prio = opts.priority();
    Backfills backfills = UseCases.backfills(app);
    PlanFile.Loaded loaded = backfills.read(opts.planFile);
    OperationSpec spec = loaded.spec();
    if (opts.dryRun) {
      return dryRun(app, backfills.plan(loaded, app.existingStore().orElse(null)));
    }
    submit.check(app, null);
    if (loaded.partitions().isEmpty()) {
      BackfillView.emptyPlan(opts.planFile, cli.out());
      return 0;
    }
    OperationService service = credentialed(app, spec);
    return started(
        app,
        service,
        backfills.create(loaded, prio, opts.reason, cli.actor(), service, opts.onWait(cli.err())),
        every);
  }

  /** {@code --dry-run}: the plan in the asked format; nothing fetched, nothing written. */
  private int dryRun(AppContext app, Backfills.Planned p) {
    PlanView.render(p.spec(), p.plan(), app.config(), format, cli.out());
    return 0;
  }

  /** The operation service, once the credentials of {@code spec}'s source are there. */
  private OperationService credentialed(AppContext app, OperationSpec spec) {
    Credentials.require(
        spec.source(),
        app.config().catalog().select(spec.source(), spec.datasets()),
        app.locations().sandbox(),
        cli);
    critical.refuseIfStopped(app, spec.source());
    return app.operations(Listeners.logging());
  }

  /** Says what was created and runs it in the foreground, or says there was nothing to do. */
  private int started(
      AppContext app, OperationService service, Backfills.Creation creation, Duration every) {
    if (creation instanceof Backfills.NothingToDo n) {
      BackfillView.nothingToDo(n, opts.planFile, cli.out());
      return 0;
    }
    Backfills.Created c = (Backfills.Created) creation;
    Operation op = c.operation();
    critical.mark(app, op);
    BackfillView.created(op, c.plan(), opts.planFile, cli.out());
    if (submit.asked()) {
      return SubmitOption.submit(app, op);
    }
    return Runs.foreground(
        app, op.id(), every, opts.errorDetails, live -> service.start(op.id(), cli.actor(), live));
  }
}
