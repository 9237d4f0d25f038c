package io.aurum.app.cli;

import io.aurum.app.wiring.AppContext;
import io.aurum.app.wiring.Locations;
import io.aurum.core.error.AurumException;
import io.aurum.core.port.AuditLog;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code aurum audit verify|log}: the hash-chained audit trail. */
@Command(
    name = "audit",
    mixinStandardHelpOptions = true,
    description = "Verify or show the audit trail.",
    subcommands = {AuditCommand.Verify.class, AuditCommand.Log.class})
public final class AuditCommand {

  @Command(
      name = "verify",
      mixinStandardHelpOptions = true,
      description =
          "Recompute the hash chain and check it against its anchor; exit 5 if any entry was"
              + " edited, deleted or added outside Aurum.")
  public static final class Verify implements Callable<Integer> {
    private final CliContext cli;
    @Mixin CommonOptions common;

    public Verify(CliContext cli) {
      this.cli = cli;
    }

    @Override
    public Integer call() {
      Logging.configure(common.logLevel());
      try (AppContext app = AppContext.open(cli, () -> Locations.resolve(common, cli))) {
        if (app.existingStore().isEmpty()) {
          cli.out().println("audit trail empty: no database yet");
          return 0;
        }
        AuditLog.Verification v = app.store().audit().verify();
        if (!v.intact()) {
          throw new AurumException.ValidationFailed(
              v.problem() + "; restore the database from a backup and find who could write to it");
        }
        cli.out()
            .printf(
                "audit trail intact: %d entries verified, head hash %s%n",
                v.entries(), v.headHash());
        for (Long seq : v.acknowledged()) {
          cli.out()
              .printf(
                  "entry %d was edited outside Aurum; the break is acknowledged"
                      + " (audit.break_acknowledged), the entry kept as it is%n",
                  seq);
        }
        return 0;
      }
    }
  }

  @Command(
      name = "log",
      mixinStandardHelpOptions = true,
      description = "Show audit entries, of one operation with --job-id.")
  public static final class Log implements Callable<Integer> {
    private final CliContext cli;
    @Mixin CommonOptions common;
    @Mixin JobIdOption job;
    @Mixin FormatOption formats;

    public Log(CliContext cli) {
      this.cli = cli;
    }

    @Override
    public Integer call() {
      Logging.configure(common.logLevel());
      String format = formats.of("table", "json", "ndjson", "csv", "markdown");
      try (AppContext app = AppContext.open(cli, () -> Locations.resolve(common, cli))) {
        Render.Table t = Render.Table.of("seq", "at", "actor", "operation_id", "action", "detail");
        if (app.existingStore().isPresent()) {
          if (job.orNull() != null) {
            app.control().get(job.orNull()); // an unknown operation is "not found", not empty
          }
          for (AuditLog.Entry e : app.store().audit().entries(job.orNull())) {
            t.row(e.seq(), e.at().toString(), e.actor(), e.operationId(), e.action(), e.detail());
          }
        } else if (format.equals("table")) {
          return 0;
        }
        Render.print(format, t, cli.out());
        return 0;
      }
    }
  }
}
