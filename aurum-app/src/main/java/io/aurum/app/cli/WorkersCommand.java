package io.aurum.app.cli;

import io.aurum.app.wiring.AppContext;
import io.aurum.core.error.AurumException;
import io.aurum.core.port.WorkerRepository;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code aurum workers list}: the live workers, their claims, heartbeat age and fenced count. */
@Command(
    name = "workers",
    mixinStandardHelpOptions = true,
    description = "The workers (aurum worker) of this store.",
    subcommands = WorkersCommand.ListWorkers.class)
public final class WorkersCommand {

  @Command(
      name = "list",
      mixinStandardHelpOptions = true,
      description =
          "List live workers: their sources, claims (tasks held), heartbeat age and fenced publishes.")
  public static final class ListWorkers extends Tool {
    @Option(
        names = "--dead-after-seconds",
        paramLabel = "N",
        description = "A worker whose heartbeat is older than this is not listed (default 30).")
    int deadAfter = 30;

    @Mixin FormatOption formats;

    private String format;

    public ListWorkers(CliContext cli) {
      super(cli);
    }

    @Override
    void validate() {
      format = formats.of("table", "json");
      if (deadAfter < 1) {
        throw new AurumException.BadInput(
            "--dead-after-seconds must be 1 or more, not " + deadAfter);
      }
    }

    @Override
    int run(AppContext app) {
      Instant now = cli.clock().instant();
      List<WorkerRepository.Worker> live = app.store().workers().live(now.minusSeconds(deadAfter));
      if (live.isEmpty() && format.equals("table")) {
        cli.out().printf("no live workers (none heartbeat in the last %d s)%n", deadAfter);
        cli.out().flush();
        return 0;
      }
      Render.Table t =
          Render.Table.of(
              "worker_id",
              "host",
              "pid",
              "sources",
              "concurrency",
              "state",
              "claims",
              "heartbeat_age_seconds",
              "fenced_publishes",
              "started_at");
      for (WorkerRepository.Worker w : live) {
        t.row(
            w.id(),
            w.host(),
            w.pid(),
            w.sources().isEmpty() ? "all" : w.sources(),
            w.concurrency(),
            w.state().toLowerCase(java.util.Locale.ROOT),
            w.claims(),
            age(w, now),
            w.fencedPublishes(),
            w.startedAt().toString());
      }
      Render.print(format, t, cli.out());
      cli.out().flush();
      return 0;
    }

    private static long age(WorkerRepository.Worker w, Instant now) {
      return Math.max(0, Duration.between(w.heartbeatAt(), now).toSeconds());
    }
  }
}
