package io.aurum.app.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.aurum.app.wiring.Locations;
import io.aurum.core.health.Finding;
import io.aurum.core.health.QuotaValidator;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code aurum quotas validate} (runbook §1.3.1). */
@Command(
    name = "quotas",
    mixinStandardHelpOptions = true,
    description = "Quota configuration.",
    subcommands = QuotasCommand.Validate.class)
public final class QuotasCommand {

  @Command(
      name = "validate",
      mixinStandardHelpOptions = true,
      description =
          "Check data_source_quotas.json and operation_defaults.json against each other, the catalog and documented limits; exit 5 on errors.")
  public static final class Validate implements Callable<Integer> {
    private final CliContext cli;
    @Mixin CommonOptions common;

    @Mixin FormatOption formats;

    public Validate(CliContext cli) {
      this.cli = cli;
    }

    @Override
    public Integer call() {
      Logging.configure(common.logLevel());
      String f = formats.of("table", "json", "ndjson", "csv", "markdown");
      Locations where = Locations.resolve(common, cli);
      List<Finding> findings = new QuotaValidator().validate(where.configDir());
      long errors = findings.stream().filter(x -> x.severity() == Finding.Severity.ERROR).count();
      long warnings =
          findings.stream().filter(x -> x.severity() == Finding.Severity.WARNING).count();
      if (f.equals("json")) {
        ObjectNode n = Output.MAPPER.createObjectNode();
        n.put("config_dir", where.configDir().toString());
        n.put("valid", errors == 0);
        n.put("errors", errors);
        n.put("warnings", warnings);
        ArrayNode a = n.putArray("findings");
        findings.forEach(x -> a.add(Output.tree(x)));
        Output.json(n, cli.out());
      } else if (!f.equals("table")) {
        Render.Table t = Render.Table.of("severity", "subject", "message");
        findings.forEach(x -> t.row(Output.name(x.severity()), x.subject(), x.message()));
        Render.print(f, t, cli.out());
      } else {
        for (Finding x : findings) {
          cli.out().printf("%-7s %-24s %s%n", x.severity(), x.subject(), x.message());
        }
        cli.out()
            .printf(
                "quotas %s: %d error(s), %d warning(s) in %s%n",
                errors == 0 ? "valid" : "INVALID", errors, warnings, where.configDir());
        cli.out().flush();
      }
      return errors == 0 ? 0 : 5;
    }
  }
}
