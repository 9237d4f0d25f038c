package io.aurum.app.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
import java.util.Locale;
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
      format = formats.of("table", "json");
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
      format = formats.of("table", "json");
      List<SourceId> sources =
          source == null ? Arrays.asList(SourceId.values()) : List.of(SourceId.parse(source));
      try (AppContext app = AppContext.create(cli, Locations.resolve(common, cli))) {
        SourceHealth health =
            new SourceHealth(
                app.config(),
                app.connectors(),
                cli.clock(),
                Credentials::variable,
                v -> app.locations().sandbox() ? "sandbox" : cli.env(v));
        List<SourceHealth.Report> reports = health.check(sources);
        if (format.equals("json")) {
          ArrayNode arr = StatusView.JSON.createArrayNode();
          for (SourceHealth.Report r : reports) {
            var n =
                arr.addObject()
                    .put("source", r.source().cliName())
                    .put("status", r.status())
                    .put("reachable", r.reachable())
                    .put("credentials", r.credentials())
                    .put("quota_per_second", r.quotaPerSecond())
                    .put("operation_share", r.operationShare())
                    .put("latency_ms", r.latencyMs())
                    .put("rows", r.rows())
                    .put("detail", r.detail());
            if (!r.markets().isEmpty()) {
              var m = n.putObject("markets");
              r.markets()
                  .forEach(
                      (name, q) ->
                          m.putObject(name)
                              .put("quota_per_second", q.quotaPerSecond())
                              .put("operation_share", q.operationShare()));
            }
          }
          cli.out().println(arr.toPrettyString());
        } else {
          cli.out()
              .printf(
                  "%-6s %-9s %-9s %-22s %10s %8s  %s%n",
                  "source", "status", "reachable", "credentials", "quota/s", "latency", "detail");
          for (SourceHealth.Report r : reports) {
            cli.out()
                .printf(
                    Locale.ROOT,
                    "%-6s %-9s %-9s %-22s %10.3f %6dms  %s%n",
                    r.source().cliName(),
                    r.status(),
                    r.reachable() ? "yes" : "no",
                    r.credentials(),
                    r.quotaPerSecond(),
                    r.latencyMs(),
                    r.detail() + markets(r));
          }
        }
        cli.out().flush();
        return reports.stream().anyMatch(r -> r.status().equals("DOWN")) ? 1 : 0;
      }
    }
  }

  /**
   * Each market's own rate, for a per-market source: {@code "; own limit per market: nyiso 0.800/s
   * pjm 0.100/s"}; empty for a one-quota source.
   */
  static String markets(SourceHealth.Report r) {
    if (r.markets().isEmpty()) {
      return "";
    }
    StringBuilder b = new StringBuilder("; own limit per market:");
    r.markets()
        .forEach(
            (m, q) -> b.append(String.format(Locale.ROOT, " %s %.3f/s", m, q.quotaPerSecond())));
    return b.toString();
  }
}
