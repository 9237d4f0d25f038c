package io.aurum.app.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.aurum.app.wiring.AppContext;
import io.aurum.core.error.AurumException;
import io.aurum.core.estimate.Estimator;
import io.aurum.core.model.OperationSpec;
import io.aurum.core.model.OperationType;
import io.aurum.core.model.SourceId;
import io.aurum.core.plan.Planner;
import io.aurum.core.request.Origin;
import io.aurum.core.usecase.BackfillRequest;
import io.aurum.core.usecase.Backfills;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code aurum estimate backfill|replay}: resources an operation would take (runbook §1.3.3). */
@Command(
    name = "estimate",
    mixinStandardHelpOptions = true,
    description = "Estimate the resources of a backfill or replay.",
    subcommands = {EstimateCommand.Backfill.class, EstimateCommand.Replay.class})
public final class EstimateCommand {

  abstract static class Base extends Tool {
    @Mixin TuningOptions tuning;

    @Option(names = "--source", paramLabel = "SOURCE")
    String source;

    @Option(
        names = "--date-range",
        paramLabel = "A:B",
        converter = Converters.Range.class,
        description = "Both ends inclusive.")
    Converters.DateRange range;

    @Option(names = "--datasets", split = ",", paramLabel = "A,B")
    List<String> datasets = List.of();

    @Mixin FormatOption formats;

    String format = "table";

    Base(CliContext cli) {
      super(cli);
    }

    abstract OperationType type();

    @Override
    void validate() {
      format = formats.of("table", "json");
    }

    @Override
    int run(AppContext app) {
      if (source == null || range == null) {
        throw new AurumException.BadInput(
            "estimate needs --source and --date-range YYYY-MM-DD:YYYY-MM-DD");
      }
      SourceId src = SourceId.parse(source);
      Backfills backfills = UseCases.backfills(app);
      // A replay rewrites every partition; a backfill only the uncovered ones.
      BackfillRequest asked =
          new BackfillRequest(
              src,
              range.start(),
              range.end(),
              datasets,
              tuning.tuning(),
              type() == OperationType.REPLAY,
              null,
              null,
              null,
              Origin.FLAGS);
      OperationSpec spec = backfills.prepare(asked).spec();
      Backfills.Planned planned = backfills.plan(spec, app.existingStore().orElse(null));
      Planner.Plan plan = planned.plan();
      Estimator.Estimate e = backfills.estimate(planned, type());
      PrintWriter out = cli.out();
      if (format.equals("json")) {
        ObjectNode n = Output.tree(e);
        n.put("source", src.cliName());
        n.put("start_date", range.start().toString());
        n.put("end_date", range.end().toString());
        n.put("concurrency", spec.concurrency());
        n.put("duration_seconds", e.duration().toMillis() / 1000.0);
        n.put("total_cost", e.totalCost());
        Output.json(n, out);
        return 0;
      }
      out.printf(
          "estimate: %s %s %s..%s at concurrency %d%n",
          type().name().toLowerCase(java.util.Locale.ROOT),
          src.cliName(),
          range.start(),
          range.end(),
          spec.concurrency());
      out.printf(
          "partitions:      %d (%d covered already)%n", e.partitions(), plan.alreadyCovered());
      out.printf("api calls:       %d%n", e.apiCalls());
      out.printf("records:         %d%n", e.records());
      out.printf("bytes fetched:   %s%n", Format.bytes(e.wireBytes()));
      out.printf(
          Locale.ROOT,
          "duration:        %s at %.2f requests/s (%s-bound)%n",
          Format.duration(e.duration()),
          e.effectiveRate(),
          e.bound());
      if (e.quotaDays() > 0) {
        out.printf(Locale.ROOT, "quota-days:      %.2f of the daily limit%n", e.quotaDays());
      }
      out.printf("peak memory:     %s%n", Format.bytes(e.peakMemoryBytes()));
      out.printf("storage growth:  %s%n", Format.bytes(e.storageGrowthBytes()));
      out.printf(
          Locale.ROOT,
          "cost:            %.4f %s (compute %.4f, storage %.4f/month, API %.4f)%n",
          e.totalCost(),
          e.currency(),
          e.computeCost(),
          e.storageCostPerMonth(),
          e.apiCost());
      out.flush();
      return 0;
    }
  }

  @Command(name = "backfill", mixinStandardHelpOptions = true, description = "Estimate a backfill.")
  public static final class Backfill extends Base {
    public Backfill(CliContext cli) {
      super(cli);
    }

    @Override
    OperationType type() {
      return OperationType.BACKFILL;
    }
  }

  @Command(name = "replay", mixinStandardHelpOptions = true, description = "Estimate a replay.")
  public static final class Replay extends Base {
    public Replay(CliContext cli) {
      super(cli);
    }

    @Override
    OperationType type() {
      return OperationType.REPLAY;
    }
  }
}
