package io.aurum.app.cli;

import io.aurum.app.wiring.AppContext;
import io.aurum.core.error.AurumException;
import io.aurum.core.model.OperationType;
import io.aurum.core.model.SourceId;
import io.aurum.core.usecase.Estimates;
import java.util.List;
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
      Estimates.Result r =
          new Estimates(UseCases.backfills(app))
              .of(
                  type(),
                  SourceId.parse(source),
                  range.start(),
                  range.end(),
                  datasets,
                  tuning.tuning(),
                  CliVocabulary.FLAGS,
                  app.existingStore().orElse(null));
      if (format.equals("json")) {
        Output.json(EstimateView.json(r), cli.out());
      } else {
        EstimateView.print(r, cli.out());
      }
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
