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
    @Option(names = "--format", paramLabel = "table|json")
    String format = "table";

    public Status(CliContext cli) {
      super(cli);
    }

    @Override
    int run(AppContext app) {
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
      String id = job.require("pause");
      app.control().pause(id, cli.actor());
      cli.out().printf("%s paused; resume with aurum resume --job-id %s%n", id, id);
      return 0;
    }
  }

  @Command(
      name = "resume",
      mixinStandardHelpOptions = true,
      description = "Resume an operation in this process from its last successful point.")
  public static final class Resume extends Base {
    @Option(names = "--progress-interval", paramLabel = "SECONDS")
    int progressInterval = 300;

    @Option(names = "--error-details")
    boolean errorDetails;

    public Resume(CliContext cli) {
      super(cli);
    }

    @Override
    int run(AppContext app) {
      String id = job.require("resume");
      Operation op = app.control().get(id);
      Credentials.require(
          op.source(),
          app.config().catalog().select(op.source(), op.spec().datasets()),
          app.locations().sandbox(),
          cli);
      return Runs.foreground(
          app,
          id,
          Duration.ofSeconds(Math.max(1, progressInterval)),
          errorDetails,
          live -> app.operations(Listeners.logging()).resume(id, cli.actor(), live));
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
      String id = job.require("cancel");
      app.control().cancel(id, force, cli.actor());
      cli.out()
          .printf(
              "%s cancelled%s; remove staged leftovers with aurum cleanup --job-id %s%n",
              id, force ? " (in-flight work aborted)" : "", id);
      return 0;
    }
  }

  @Command(
      name = "cleanup",
      mixinStandardHelpOptions = true,
      description = "Discard the staged leftovers of a stopped operation (runbook 1.5.3).")
  public static final class Cleanup extends Base {
    public Cleanup(CliContext cli) {
      super(cli);
    }

    @Override
    int run(AppContext app) {
      String id = job.require("cleanup");
      var r = app.control().cleanup(id, cli.actor());
      cli.out()
          .printf(
              "%s: discarded %d staged version(s); published versions are kept%n",
              id, r.stagedDiscarded());
      return 0;
    }
  }
}
