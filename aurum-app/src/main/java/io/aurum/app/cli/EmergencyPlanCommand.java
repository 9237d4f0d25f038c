package io.aurum.app.cli;

import io.aurum.app.wiring.AppContext;
import io.aurum.app.wiring.Locations;
import io.aurum.core.model.SourceId;
import io.aurum.core.usecase.Estimates;
import io.aurum.core.usecase.RecoveryPlan;
import io.aurum.core.usecase.RecoveryPlans;
import io.aurum.core.usecase.ScanReport;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code aurum emergency plan}: a recovery plan from a damage report (runbook 4.1.2). */
@Command(
    name = "plan",
    mixinStandardHelpOptions = true,
    description =
        "Write the recovery plan of a source from its damage report (aurum emergency assess):"
            + " ordered, idempotent steps with estimates and gates.")
public final class EmergencyPlanCommand extends Tool {
  @Option(names = "--source", required = true)
  String source;

  @Option(names = "--damage-assessment", paramLabel = "FILE")
  Path damage = Path.of("damage_report.json");

  @Option(names = "--output", paramLabel = "FILE")
  Path output = Path.of("recovery_plan.json");

  // Replaced by default: the runbook runs it again under the same default name. --no-overwrite
  // keeps
  // an existing file, refused (exit 2) as export and report refuse it without --overwrite.
  @Option(
      names = "--overwrite",
      negatable = true,
      defaultValue = "true",
      fallbackValue = "true",
      description =
          "Replace the --output file if it exists (the default); --no-overwrite refuses instead.")
  boolean overwrite = true;

  @Mixin FormatOption formats;

  private String format;
  private OutputFile file;
  private SourceId src;
  private ScanReport report;

  public EmergencyPlanCommand(CliContext cli) {
    super(cli);
  }

  @Override
  void validate() {
    format = formats.of("table", "json");
    src = SourceId.parse(source);
    report = RecoveryPlanJson.readDamage(damage);
    file = OutputFile.check(output, overwrite, Locations.resolve(common, cli));
  }

  @Override
  int run(AppContext app) {
    RecoveryPlan plan =
        new RecoveryPlans(
                app.existingStore().orElse(null),
                new Estimates(UseCases.backfills(app)),
                cli.clock(),
                app.config().catalog())
            .plan(src, report);
    var root = RecoveryPlanJson.of(plan);
    file.write(w -> Output.MAPPER.writeValue(w, root));
    if (format.equals("json")) {
      Output.json(root, cli.out());
      return 0;
    }
    Render.Table t =
        Render.Table.of(
            "id", "kind", "scope", "depends_on", "requests", "seconds", "precondition", "gate");
    for (RecoveryPlan.Step s : plan.steps()) {
      t.row(
          s.id(),
          s.kind().label(),
          s.scope(),
          s.dependsOn().isEmpty() ? "-" : String.join(",", s.dependsOn()),
          s.estimatedRequests(),
          s.estimatedSeconds(),
          s.precondition(),
          s.gate());
    }
    Render.print("table", t, cli.out());
    for (RecoveryPlan.Step s : plan.steps()) {
      for (RecoveryPlan.Move m : s.rollbacks()) {
        cli.out()
            .printf(
                "%s rolls %s %s back from version %d to version %d (its last good one)%n",
                s.id(), m.dataset(), m.partition(), m.fromVersionNo(), m.toVersionNo());
      }
    }
    for (RecoveryPlan.Unplanned u : plan.unplanned()) {
      cli.out().printf("left to an operator: %s %s: %s%n", u.kind(), u.evidence(), u.action());
    }
    cli.out()
        .printf(
            "recovery plan %s of %s: %d step(s), about %d upstream request(s) and %d s;"
                + " written to %s; run it with aurum emergency recover --recovery-plan %s%n",
            plan.planId(),
            plan.source().cliName(),
            plan.steps().size(),
            plan.totalRequests(),
            plan.totalSeconds(),
            file.path(),
            file.path());
    cli.out().flush();
    return 0;
  }
}
