package io.aurum.app.cli;

import io.aurum.app.wiring.AppContext;
import io.aurum.app.wiring.Locations;
import io.aurum.core.rollback.RollbackService;
import io.aurum.core.usecase.RollbackRequest;
import io.aurum.core.usecase.Rollbacks;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code aurum rollback}: runbook §3.6, emergency and controlled rollback of an operation. */
@Command(
    name = "rollback",
    mixinStandardHelpOptions = true,
    description =
        "Move every head an operation set back to the version before it, in one transaction (runbook 3.6).")
public final class RollbackCommand implements Callable<Integer> {
  private final CliContext cli;

  @Mixin CommonOptions common;
  @Mixin JobIdOption job;

  @Option(names = "--rollback-type", paramLabel = "emergency|controlled")
  String type = "emergency";

  @Option(
      names = "--confirm-rollback",
      description = "Required for an emergency rollback: it validates nothing.")
  boolean confirm;

  @Option(
      names = "--pre-rollback-validation",
      description = "Verify checksums before (controlled only).")
  boolean pre;

  @Option(
      names = "--post-rollback-validation",
      description = "Verify heads and checksums after (controlled only).")
  boolean post;

  @Option(
      names = "--backup-original-data",
      description = "Export the versions being rolled back to DATA_DIR/backups first.")
  boolean backup;

  @Option(
      names = "--cascade",
      description = "Roll back later operations on the same partitions first, newest first.")
  boolean cascade;

  @Option(names = "--reason", description = "Why (kept in the audit trail).")
  String reason;

  public RollbackCommand(CliContext cli) {
    this.cli = cli;
  }

  @Override
  public Integer call() {
    Logging.configure(common.logLevel());
    RollbackRequest request =
        new RollbackRequest(
            job.require("rollback"),
            RollbackService.Type.parse(type, CliVocabulary.FLAGS),
            confirm,
            cascade,
            pre,
            post,
            backup,
            reason,
            CliVocabulary.FLAGS);
    Rollbacks.check(request, cli.actor());
    try (AppContext app = AppContext.open(cli, () -> Locations.resolve(common, cli))) {
      app.control(); // a missing database is "not found", and is not created
      long start = System.nanoTime();
      Rollbacks.RolledBack rolled = UseCases.rollbacks(app).rollback(request, cli.actor());
      long ms = (System.nanoTime() - start) / 1_000_000;
      for (RollbackService.Done d : rolled.done()) {
        cli.out()
            .printf(
                "%s ROLLED_BACK by %s: %d head(s) moved back, %d removed%s%n",
                d.operationId(),
                d.rollbackId(),
                d.result().moved(),
                d.result().removed(),
                d.backup().map(p -> "; backup " + p).orElse(""));
      }
      if (pre || post) {
        cli.out()
            .printf(
                "validation passed (%s)%n", pre && post ? "pre and post" : pre ? "pre" : "post");
      }
      cli.out().printf("rollback took %d ms%n", ms);
      cli.out().flush();
      return 0;
    }
  }
}
