package io.aurum.app.cli;

import io.aurum.app.wiring.AppContext;
import io.aurum.app.wiring.Locations;
import io.aurum.app.wiring.Machine;
import io.aurum.core.error.AurumException;
import io.aurum.core.health.SourceHealth;
import io.aurum.core.health.SystemHealth;
import io.aurum.core.model.SourceId;
import io.aurum.core.port.Store;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code aurum health system} (runbook §1.3.1). */
@Command(
    name = "health",
    mixinStandardHelpOptions = true,
    description = "Health checks.",
    subcommands = {HealthCommand.SystemCheck.class, HealthCommand.Sources.class})
public final class HealthCommand {

  @Command(
      name = "system",
      mixinStandardHelpOptions = true,
      description =
          "Database reachable and migrated, disk and memory headroom, running operations, stuck leases, failure-log backlog; exit 5 on errors.")
  public static final class SystemCheck extends Tool {
    @Option(names = "--detailed", description = "List operations, stuck leases and log files.")
    boolean detailed;

    @Mixin FormatOption formats;

    String format = "table";

    public SystemCheck(CliContext cli) {
      super(cli);
    }

    @Override
    void validate() {
      format = formats.of("table", "json", "csv", "markdown");
    }

    @Override
    int run(AppContext app) {
      Store store = null;
      String error = null;
      try {
        store = app.existingStore().orElse(null);
        if (store != null) {
          store.operations().list(Set.of());
        }
      } catch (AurumException e) {
        error = e.message(CliVocabulary.INSTANCE);
        store = null;
      }
      SystemHealth.Report r =
          new SystemHealth(app.config(), CliVocabulary.INSTANCE)
              .check(
                  store,
                  app.locations().describeDb(),
                  error,
                  Machine.measure(app.locations().home()),
                  app.failureLogDir(),
                  cli.clock().instant());
      HealthView.printSystem(format, r, detailed, cli.out());
      return r.healthy() ? 0 : 5;
    }
  }

  @Command(
      name = "sources",
      mixinStandardHelpOptions = true,
      description =
          "Probe each source with one real request: reachable, credentials accepted, quota, latency. Exit 1 if any is down.")
  public static final class Sources implements Callable<Integer> {
    private final CliContext cli;
    @Mixin CommonOptions common;

    @Option(names = "--source", paramLabel = "SOURCE", description = "Only this source.")
    String source;

    @Mixin FormatOption formats;

    String format = "table";

    public Sources(CliContext cli) {
      this.cli = cli;
    }

    @Override
    public Integer call() {
      Logging.configure(common.logLevel());
      format = formats.of("table", "json", "csv", "markdown");
      List<SourceId> sources =
          source == null ? Arrays.asList(SourceId.values()) : List.of(SourceId.parse(source));
      try (AppContext app = AppContext.open(cli, () -> Locations.resolve(common, cli))) {
        SourceHealth health =
            new SourceHealth(
                app.config(),
                app.connectors(),
                cli.clock(),
                Credentials::variable,
                v -> app.locations().sandbox() ? "sandbox" : cli.env(v));
        List<SourceHealth.Report> reports = health.check(sources);
        if (format.equals("json")) {
          cli.out().println(HealthView.sourcesJson(reports).toPrettyString());
        } else {
          Render.print(format, HealthView.sourcesTable(reports), cli.out());
        }
        cli.out().flush();
        return reports.stream().anyMatch(r -> r.status().equals("DOWN")) ? 1 : 0;
      }
    }
  }
}
