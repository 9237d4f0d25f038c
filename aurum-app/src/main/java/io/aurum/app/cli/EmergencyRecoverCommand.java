package io.aurum.app.cli;

import io.aurum.app.wiring.AppContext;
import io.aurum.core.error.AurumException;
import io.aurum.core.usecase.IntegrityScans;
import io.aurum.core.usecase.RecoverRequest;
import io.aurum.core.usecase.Recoveries;
import io.aurum.core.usecase.RecoveryPlan;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code aurum emergency recover}: runs a recovery plan (runbook 4.1.3), progress saved in the
 * store so that running it again resumes from the first unfinished step.
 */
@Command(
    name = "recover",
    mixinStandardHelpOptions = true,
    description =
        "Run a recovery plan (aurum emergency plan); stops at the first failed gate with its"
            + " progress saved: run it again to resume.")
public final class EmergencyRecoverCommand extends Tool {
  @Option(names = "--recovery-plan", paramLabel = "FILE")
  Path planFile = Path.of("recovery_plan.json");

  @Option(
      names = "--parallel-recovery",
      description = "Run steps whose dependencies are done in parallel (up to --max-parallel).")
  boolean parallel;

  @Option(names = "--max-parallel", paramLabel = "N", description = "1 to 4 (default 3).")
  int maxParallel = 3;

  @Option(
      names = "--validate-each-step",
      description = "Run an integrity gate after each replay step, not only at the end.")
  boolean validateEachStep;

  @Option(names = "--reason", description = "Why (audited).")
  String reason;

  @Option(names = "--dry-run", description = "Print the steps it would run; change nothing.")
  boolean dryRun;

  private RecoveryPlan plan;

  public EmergencyRecoverCommand(CliContext cli) {
    super(cli);
  }

  @Override
  void validate() {
    if (maxParallel < 1 || maxParallel > 4) {
      throw new AurumException.BadInput("--max-parallel must be 1 to 4, got " + maxParallel);
    }
    plan = RecoveryPlanJson.readPlan(planFile);
  }

  @Override
  int run(AppContext app) {
    var store = store(app);
    app.config().catalog().forSource(plan.source());
    boolean replays = plan.steps().stream().anyMatch(s -> s.kind() == RecoveryPlan.StepKind.REPLAY);
    if (replays && !dryRun) {
      Credentials.require(plan.source(), app.locations().sandbox(), cli);
    }
    Recoveries recoveries =
        new Recoveries(
            store,
            app.operations(Listeners.logging()),
            UseCases.replays(app),
            new IntegrityScans(store, app.config(), cli.clock()),
            cli.clock(),
            app.config().catalog());
    Recoveries.Outcome o =
        recoveries.recover(
            new RecoverRequest(plan, parallel ? maxParallel : 1, validateEachStep, dryRun, reason),
            cli.actor(),
            line -> {
              synchronized (cli.out()) {
                cli.out().println(line);
                cli.out().flush();
              }
            });
    Render.Table t = Render.Table.of("id", "kind", "scope", "result", "detail");
    for (Recoveries.StepOutcome s : o.steps()) {
      t.row(
          s.step().id(),
          s.step().kind().label(),
          s.step().scope(),
          s.result().name().toLowerCase(java.util.Locale.ROOT),
          s.detail());
    }
    Render.print("table", t, cli.out());
    if (!o.ok()) {
      throw new AurumException.ValidationFailed(
          "recovery "
              + o.planId()
              + " stopped: "
              + Cli.oneLine(o.failure())
              + "; progress is saved: fix the cause and run the same command again to resume");
    }
    cli.out()
        .printf(
            dryRun
                ? "recovery %s: dry run, nothing changed%n"
                : "recovery %s of %s complete: every step done%n",
            o.planId(),
            plan.source().cliName());
    cli.out().flush();
    return 0;
  }
}
