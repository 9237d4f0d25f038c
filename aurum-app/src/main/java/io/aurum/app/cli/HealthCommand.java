package io.aurum.app.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.aurum.app.wiring.AppContext;
import io.aurum.app.wiring.Machine;
import io.aurum.core.error.AurumException;
import io.aurum.core.health.SystemHealth;
import io.aurum.core.port.Store;
import java.util.Set;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code aurum health system} (runbook §1.3.1). */
@Command(
    name = "health",
    mixinStandardHelpOptions = true,
    description = "Health checks.",
    subcommands = HealthCommand.SystemCheck.class)
public final class HealthCommand {

  @Command(
      name = "system",
      mixinStandardHelpOptions = true,
      description =
          "Database reachable and migrated, disk and memory headroom, running operations, stuck leases, failure-log backlog; exit 5 on errors.")
  public static final class SystemCheck extends Tool {
    @Option(names = "--detailed", description = "List operations, stuck leases and log files.")
    boolean detailed;

    @Option(names = "--format", paramLabel = "table|json")
    String format = "table";

    public SystemCheck(CliContext cli) {
      super(cli);
    }

    @Override
    void validate() {
      Output.format(format, Set.of("table", "json"));
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
        error = e.getMessage();
        store = null;
      }
      SystemHealth.Report r =
          new SystemHealth(app.config())
              .check(
                  store,
                  app.locations().describeDb(),
                  error,
                  Machine.measure(app.locations().home()),
                  app.failureLogDir(),
                  cli.clock().instant());
      if (format.equals("json")) {
        ObjectNode n = Output.MAPPER.createObjectNode();
        n.put("healthy", r.healthy());
        ArrayNode a = n.putArray("checks");
        for (SystemHealth.Check c : r.checks()) {
          ObjectNode o = Output.tree(c);
          if (!detailed) {
            o.remove("details");
          }
          a.add(o);
        }
        Output.json(n, cli.out());
      } else {
        for (SystemHealth.Check c : r.checks()) {
          String status =
              c.status() == io.aurum.core.health.Finding.Severity.INFO ? "OK" : c.status().name();
          cli.out().printf("%-8s %-12s %s%n", status, c.name(), c.summary());
          if (detailed) {
            c.details().forEach(d -> cli.out().printf("%22s%s%n", "", d));
          }
        }
        cli.out().println(r.healthy() ? "system healthy" : "system UNHEALTHY");
        cli.out().flush();
      }
      return r.healthy() ? 0 : 5;
    }
  }
}
