package io.aurum.app.cli;

import io.aurum.app.wiring.AppContext;
import io.aurum.app.wiring.Locations;
import io.aurum.core.model.OperationSpec;
import io.aurum.core.model.SourceId;
import io.aurum.core.plan.PlanFile;
import io.aurum.core.plan.Planner;
import io.aurum.core.usecase.BackfillRequest;
import io.aurum.core.usecase.Backfills;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code aurum plan}: the plan a backfill would run, without running it (runbook §1.3.2); with
 * {@code --output} it is saved for {@code aurum backfill --plan}.
 */
@Command(
    name = "plan",
    mixinStandardHelpOptions = true,
    description =
        "The plan a backfill would run (partitions, requests, records, order), without executing; --output saves it for aurum backfill --plan.")
public final class PlanCommand extends Tool {
  @Mixin TuningOptions tuning;
  @Mixin RangeOptions range;

  @Option(names = "--force", description = "Plan covered partitions too.")
  boolean force;

  @Option(names = "--output", paramLabel = "FILE", description = "Save the plan as JSON.")
  Path output;

  @Option(names = "--overwrite", description = "Replace the --output file if it exists.")
  boolean overwrite;

  private OutputFile file;

  @Mixin FormatOption formats;

  String format = "table";

  public PlanCommand(CliContext cli) {
    super(cli);
  }

  @Override
  void validate() {
    format = formats.of("table", "json");
    if (output != null) {
      file = OutputFile.check(output, overwrite, Locations.resolve(common, cli));
    }
  }

  @Override
  int run(AppContext app) {
    SourceId src = range.require("plan needs --source, --start-date and --end-date");
    Backfills backfills = UseCases.backfills(app);
    OperationSpec spec =
        backfills
            .prepare(
                new BackfillRequest(
                    src,
                    range.startDate,
                    range.endDate,
                    range.datasets,
                    tuning.tuning(),
                    force,
                    null,
                    null,
                    null,
                    CliVocabulary.FLAGS))
            .spec();
    Planner.Plan plan = backfills.plan(spec, app.existingStore().orElse(null)).plan();
    if (file != null) {
      file.write(w -> PlanFile.write(spec, plan, w));
    }
    PlanView.render(spec, plan, app.config(), format, cli.out());
    if (output != null && format.equals("table")) {
      cli.out().printf("plan saved to %s: run it with aurum backfill --plan %s%n", output, output);
      cli.out().flush();
    }
    return 0;
  }
}
