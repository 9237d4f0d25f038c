package io.aurum.app.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.aurum.app.wiring.AppContext;
import io.aurum.core.analysis.ImpactAssessment;
import io.aurum.core.error.AurumException;
import io.aurum.core.model.Head;
import io.aurum.core.model.SourceId;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code aurum assess impact|downstream} (runbook §2.3.1). */
@Command(
    name = "assess",
    mixinStandardHelpOptions = true,
    description = "What a replay of a range would rewrite and whom it reaches.",
    subcommands = {AssessCommand.Impact.class, AssessCommand.Downstream.class})
public final class AssessCommand {

  abstract static class Base extends Tool {
    @Option(names = "--source", paramLabel = "SOURCE")
    String source;

    @Option(names = "--date-range", paramLabel = "A:B", converter = Converters.Range.class)
    Converters.DateRange range;

    @Option(names = "--datasets", split = ",", paramLabel = "A,B")
    List<String> datasets = List.of();

    @Mixin FormatOption formats;

    String format = "table";

    Base(CliContext cli) {
      super(cli);
    }

    @Override
    void validate() {
      format = formats.of("table", "json");
    }

    ImpactAssessment.Result assess(AppContext app) {
      if (source == null || range == null) {
        throw new AurumException.BadInput("assess needs --source and --date-range A:B");
      }
      return new ImpactAssessment(store(app).versions(), app.config())
          .assess(SourceId.parse(source), datasets, range.start(), range.end());
    }
  }

  @Command(name = "impact", mixinStandardHelpOptions = true, description = "Scope of a replay.")
  public static final class Impact extends Base {
    @Option(names = "--data-volume-estimate", description = "Add bytes fetched and stored.")
    boolean volume;

    public Impact(CliContext cli) {
      super(cli);
    }

    @Override
    int run(AppContext app) {
      ImpactAssessment.Result r = assess(app);
      if (format.equals("json")) {
        ObjectNode n = Output.tree(r);
        n.withArray("datasets").forEach(d -> ((ObjectNode) d).remove("current_versions"));
        if (!volume) {
          n.remove("estimated_wire_bytes");
          n.remove("estimated_storage_bytes");
        }
        Output.json(n, cli.out());
        return 0;
      }
      var out = cli.out();
      out.printf("replay of %s %s..%s would rewrite:%n", r.source().cliName(), r.start(), r.end());
      for (ImpactAssessment.DatasetImpact d : r.datasets()) {
        out.printf(
            "%-16s %d partition(s), %d with a current version (%d records), written by %s%n",
            d.dataset(), d.partitions(), d.withHead(), d.currentRecords(), d.versionsByOperation());
      }
      out.printf("records rewritten: %d%n", r.rewrittenRecords());
      if (volume) {
        out.printf(
            "data volume: ~%s fetched, ~%s of new versions stored%n",
            Format.bytes(r.estimatedWireBytes()), Format.bytes(r.estimatedStorageBytes()));
      }
      out.flush();
      return 0;
    }
  }

  @Command(
      name = "downstream",
      mixinStandardHelpOptions = true,
      description = "Current versions a replay supersedes and the readers it reaches.")
  public static final class Downstream extends Base {
    public Downstream(CliContext cli) {
      super(cli);
    }

    @Override
    int run(AppContext app) {
      ImpactAssessment.Result r = assess(app);
      if (format.equals("json")) {
        Output.json(Output.tree(r), cli.out());
        return 0;
      }
      var out = cli.out();
      for (ImpactAssessment.DatasetImpact d : r.datasets()) {
        out.printf("%s: %d current version(s) superseded%n", d.dataset(), d.withHead());
        for (Head h : d.currentVersions()) {
          out.printf(
              "  %s version %d (%s, %d records)%n",
              h.partition().period(), h.versionId(), h.operationId(), h.recordCount());
        }
      }
      out.printf("outbox events: %d%n", r.outboxEvents());
      out.println("downstream readers:");
      r.downstreamReaders().forEach(x -> out.println("  " + x));
      out.flush();
      return 0;
    }
  }
}
