package io.aurum.app.cli;

import io.aurum.app.wiring.AppContext;
import io.aurum.app.wiring.Locations;
import io.aurum.core.model.Operation;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** The generic operation controls: status, pause, resume, cancel, cleanup (any operation type). */
public final class ControlCommands {
  private ControlCommands() {}

  /** Shared plumbing of the control commands. */
  abstract static class Base implements Callable<Integer> {
    final CliContext cli;
    @Mixin CommonOptions common;
    @Mixin JobIdOption job;

    Base(CliContext cli) {
      this.cli = cli;
    }

    @Override
    public Integer call() {
      Logging.configure(common.logLevel());
      try (AppContext app = AppContext.create(cli, Locations.resolve(common, cli))) {
        return run(app);
      }
    }

    abstract int run(AppContext app);
  }

  @Command(
      name = "status",
      mixinStandardHelpOptions = true,
      description = "Show an operation: state, tasks, counters, resume point.")
  public static final class Status extends Base {
    @Mixin FormatOption formats;

    String format = "table";

    public Status(CliContext cli) {
      super(cli);
    }

    @Override
    int run(AppContext app) {
      format = formats.of("table", "json");
      StatusView.render(
          app.control().status(job.require("status")), app.store(), format, cli.out());
      return 0;
    }
  }

  @Command(
      name = "pause",
      mixinStandardHelpOptions = true,
      description = "Pause an operation: in-flight tasks finish, no new ones start.")
  public static final class Pause extends Base {
    public Pause(CliContext cli) {
      super(cli);
    }

    @Override
    int run(AppContext app) {
      return pause(app, job.require("pause"));
    }
  }

  @Command(
      name = "resume",
      mixinStandardHelpOptions = true,
      description = "Resume an operation in this process from its last successful point.")
  public static final class Resume extends Base {
    @Option(
        names = "--progress-interval",
        paramLabel = "SECONDS",
        description = "Seconds between progress lines when not on a terminal (default 300).")
    Integer progressInterval;

    @Option(names = "--error-details")
    boolean errorDetails;

    public Resume(CliContext cli) {
      super(cli);
    }

    @Override
    int run(AppContext app) {
      return resume(app, job.require("resume"), progressInterval, errorDetails);
    }
  }

  @Command(
      name = "cancel",
      mixinStandardHelpOptions = true,
      description = "Cancel an operation; --force aborts in-flight work too.")
  public static final class Cancel extends Base {
    @Option(names = "--force")
    boolean force;

    public Cancel(CliContext cli) {
      super(cli);
    }

    @Override
    int run(AppContext app) {
      return cancel(app, job.require("cancel"), force);
    }
  }

  @Command(
      name = "cleanup",
      mixinStandardHelpOptions = true,
      description = "Discard the staged leftovers of a stopped operation (runbook 1.5.3).")
  public static final class Cleanup extends Base {
    @Option(
        names = "--purge-superseded",
        description =
            "Delete superseded versions older than retention.superseded_days"
                + " (config/operation_defaults.json), never heads nor the newest superseded"
                + " version of a partition.")
    boolean purge;

    public Cleanup(CliContext cli) {
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

  /** Pauses operation {@code id} and says how to resume it (also {@code backfill --pause}). */
  static int pause(AppContext app, String id) {
    app.control().pause(id, app.cli().actor());
    app.cli()
        .out()
        .printf(
            "%s paused: in-flight tasks finish, no new ones start; resume with %s%n",
            id, StatusView.resumeCommand(app.control().get(id)));
    app.cli().out().flush();
    return 0;
  }

  /**
   * Resumes operation {@code id} in this process, in the foreground (also {@code backfill
   * --resume}); progress every {@code interval} seconds, by default the operation type's.
   */
  static int resume(AppContext app, String id, Integer interval, boolean errorDetails) {
    Operation op = app.control().get(id);
    Duration every =
        io.aurum.core.request.RequestRules.progressInterval(
            interval,
            app.config().defaults().of(op.type()).progressIntervalSeconds(),
            io.aurum.core.request.Origin.FLAGS);
    Credentials.require(
        op.source(),
        app.config().catalog().select(op.source(), op.spec().datasets()),
        app.locations().sandbox(),
        app.cli());
    return Runs.foreground(
        app,
        id,
        every,
        errorDetails,
        live -> app.operations(Listeners.logging()).resume(id, app.cli().actor(), live));
  }

  /** Cancels operation {@code id} (also {@code backfill --cancel}). */
  static int cancel(AppContext app, String id, boolean force) {
    app.control().cancel(id, force, app.cli().actor());
    app.cli()
        .out()
        .printf(
            "%s cancelled%s; remove staged leftovers with aurum cleanup --job-id %s%n",
            id, force ? " (in-flight work aborted)" : "", id);
    app.cli().out().flush();
    return 0;
  }

  /**
   * Temporary files of an operation: {@code DATA_DIR/tmp/ID/} and any {@code *.tmp} file whose name
   * contains the id (an interrupted atomic write of a backup, archive or conflict file).
   */
  static final class TempFiles {
    private TempFiles() {}

    static int remove(java.nio.file.Path home, String id) {
      if (!java.nio.file.Files.isDirectory(home)) {
        return 0;
      }
      java.util.List<java.nio.file.Path> doomed = new java.util.ArrayList<>();
      try (var files = java.nio.file.Files.walk(home, 4)) {
        files
            .filter(java.nio.file.Files::isRegularFile)
            .filter(
                p -> {
                  String n = p.getFileName().toString();
                  return (n.endsWith(".tmp") && n.contains(id))
                      || p.startsWith(home.resolve("tmp").resolve(id));
                })
            .forEach(doomed::add);
        for (var p : doomed) {
          java.nio.file.Files.deleteIfExists(p);
        }
        java.nio.file.Path dir = home.resolve("tmp").resolve(id);
        if (java.nio.file.Files.isDirectory(dir)) {
          try (var left = java.nio.file.Files.walk(dir)) {
            for (var p : left.sorted(java.util.Comparator.reverseOrder()).toList()) {
              java.nio.file.Files.deleteIfExists(p);
            }
          }
        }
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException("cannot remove temporary files of " + id, e);
      }
      return doomed.size();
    }
  }
}
