package io.aurum.app.cli;

import io.aurum.app.wiring.AppContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code aurum cleanup}: discards what a stopped operation left, or purges superseded versions. */
@Command(
    name = "cleanup",
    mixinStandardHelpOptions = true,
    description = "Discard the staged leftovers of a stopped operation (runbook 1.5.3).")
public final class CleanupCommand extends ControlTool {
  @Option(
      names = "--purge-superseded",
      description =
          "Delete superseded versions older than retention.superseded_days"
              + " (config/operation_defaults.json), never heads nor the newest superseded"
              + " version of a partition.")
  boolean purge;

  public CleanupCommand(CliContext cli) {
    super(cli);
  }

  @Override
  int run(AppContext app) {
    if (job.orNull() == null && !purge) {
      throw new io.aurum.core.error.AurumException.BadInput(
          "cleanup needs --job-id ID or --purge-superseded");
    }
    if (job.orNull() != null) {
      String id = job.require("cleanup");
      var r = app.control().cleanup(id, cli.actor());
      int temp = TempFiles.remove(app.locations().home(), id);
      cli.out()
          .printf(
              "%s: discarded %d staged version(s), removed %d temporary file(s);"
                  + " published versions are kept%n",
              id, r.stagedDiscarded(), temp);
    }
    if (purge) {
      app.control(); // a missing database is "not found", and is not created
      java.time.Duration keep = app.config().defaults().supersededRetention();
      int n =
          app.store().versions().purgeSuperseded(cli.clock().instant().minus(keep), cli.actor());
      cli.out()
          .printf(
              "purged %d superseded version(s) superseded more than %s ago%n",
              n, keep.toString().substring(2).toLowerCase(java.util.Locale.ROOT));
    }
    cli.out().flush();
    return 0;
  }
}
