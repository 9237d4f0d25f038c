package io.aurum.app.cli;

import io.aurum.app.wiring.AppContext;
import io.aurum.app.wiring.Locations;
import io.aurum.core.error.AurumException;
import io.aurum.core.model.Operation;
import io.aurum.core.model.OperationSpec;
import io.aurum.core.model.OperationType;
import io.aurum.core.model.Priority;
import io.aurum.core.model.SourceId;
import io.aurum.core.model.TaskDraft;
import io.aurum.core.request.Origin;
import io.aurum.core.usecase.ReprocessRequest;
import io.aurum.core.usecase.Reprocesses;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code aurum reprocess}: runbook §3.3–§3.4, partial reprocessing into copy-on-write versions. */
@Command(
    name = "reprocess",
    mixinStandardHelpOptions = true,
    description =
        "Reprocess hours, a time range, datasets or failed records of a day (runbook 3.3-3.4).")
public final class ReprocessCommand implements Callable<Integer> {
  private final CliContext cli;

  @Mixin CommonOptions common;
  @Mixin ReprocessScopeOptions scope;
  @Mixin ReprocessTuningOptions tuning;
  @Mixin CriticalOption critical;
  @Mixin MetricsOptions metrics;
  @Mixin SubmitOption submit;

  @Option(names = "--source")
  String source;

  @Option(
      names = "--no-start",
      description =
          "Create the operation (its tasks planned against the current heads) and stop: start it"
              + " later with aurum resume --job-id ID.")
  boolean noStart;

  @Option(names = "--dry-run")
  boolean dryRun;

  @Option(names = "--reason")
  String reason;

  @Option(names = "--config-file")
  Path configFile;

  @Option(names = "--validation-script")
  Path validationScript;

  @Option(names = "--rollback-plan")
  String rollbackPlan;

  public ReprocessCommand(CliContext cli) {
    this.cli = cli;
  }

  @Override
  public Integer call() {
    Logging.configure(common.logLevel());
    Origin origin =
        configFile == null
            ? ReprocessConfigFile.FLAGS
            : ReprocessConfigFile.apply(configFile, scope, tuning);
    if (source == null) {
      throw new AurumException.BadInput("reprocess needs --source");
    }
    ReprocessRequest request =
        new ReprocessRequest(
            SourceId.parse(source),
            scope.scope(),
            scope.datasets,
            tuning.tuning(),
            Priority.parse(tuning.priority == null ? "normal" : tuning.priority),
            reason,
            OperationRun.script(validationScript),
            rollbackPlan,
            tuning.strategy,
            tuning.threshold,
            origin);
    try (AppContext app = AppContext.open(cli, () -> Locations.resolve(common, cli))) {
      metrics.apply(app);
      if (!dryRun) {
        submit.check(app, noStart ? "--no-start" : rollbackPlan != null ? "--rollback-plan" : null);
      }
      Reprocesses reprocesses = UseCases.reprocesses(app);
      Reprocesses.Prepared prepared = reprocesses.prepare(request);
      Reprocesses.Planned plan = reprocesses.plan(prepared, app.store());
      PrintWriter out = cli.out();
      if (dryRun) {
        out.printf(
            "%s (dry run): %d task(s) in %d fetch window(s), %d upstream request(s)%n",
            prepared.operationId(), plan.tasks().size(), plan.windows(), plan.requests());
        for (TaskDraft t : plan.tasks()) {
          out.printf(
              "  %s %s%n", t.partition(), t.window() == null ? "(whole partition)" : t.window());
        }
        out.flush();
        return 0;
      }
      OperationSpec spec = prepared.spec();
      Credentials.require(
          spec.source(),
          app.config().catalog().select(spec.source(), spec.datasets()),
          app.locations().sandbox(),
          cli);
      critical.refuseIfStopped(app, spec.source());
      Operation op = reprocesses.create(plan, request.priority(), reason, cli.actor(), app.store());
      critical.mark(app, op);
      out.printf(
          "%s: %d task(s) to reprocess in %d fetch window(s), %d upstream request(s)%n",
          op.id(), plan.tasks().size(), plan.windows(), plan.requests());
      out.flush();
      if (noStart) {
        out.printf("%s PLANNED; start it with aurum resume --job-id %s%n", op.id(), op.id());
        out.flush();
        return 0;
      }
      if (submit.asked()) {
        return SubmitOption.submit(app, op);
      }
      int exit = OperationRun.start(app, op, OperationType.PARTIAL);
      if (prepared.rollbackBelow() == null) {
        return exit;
      }
      var enforced =
          reprocesses.enforceRollbackPlan(
              op.id(), prepared.rollbackBelow(), app.store(), app.rollbacks(), cli.actor());
      if (enforced instanceof Reprocesses.RolledBack r) {
        out.printf(
            "rollback plan enforced: quality %.3f < %s, %s rolled back by %s%n",
            r.worst(), r.below(), op.id(), r.rollbackId());
        out.flush();
        return 5;
      }
      return exit;
    }
  }
}
