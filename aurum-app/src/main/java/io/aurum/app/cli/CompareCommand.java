package io.aurum.app.cli;

import io.aurum.app.wiring.AppContext;
import io.aurum.core.analysis.PatternComparison;
import io.aurum.core.analysis.QualityComparison;
import io.aurum.core.error.AurumException;
import io.aurum.core.model.SourceId;
import java.time.LocalDate;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code aurum compare patterns} (runbook §1.6.2) and {@code aurum compare quality} (§2.6.2). */
@Command(
    name = "compare",
    mixinStandardHelpOptions = true,
    description = "Comparisons.",
    subcommands = {CompareCommand.Patterns.class, CompareCommand.Quality.class})
public final class CompareCommand {

  @Command(
      name = "patterns",
      mixinStandardHelpOptions = true,
      description =
          "Distribution statistics per series on two dates and a verdict on significant change (exit 5 when any).")
  public static final class Patterns extends Tool {
    @Option(names = "--source", paramLabel = "SOURCE")
    String source;

    @Option(names = "--reference-date", converter = Converters.Date.class, paramLabel = "D1")
    LocalDate reference;

    @Option(names = "--comparison-date", converter = Converters.Date.class, paramLabel = "D2")
    LocalDate comparison;

    @Option(names = "--datasets", split = ",", paramLabel = "A,B")
    List<String> datasets = List.of();

    @Mixin FormatOption formats;

    String format = "table";

    public Patterns(CliContext cli) {
      super(cli);
    }

    @Override
    void validate() {
      format = formats.of("table", "json", "csv", "markdown");
    }

    @Override
    int run(AppContext app) {
      if (source == null || reference == null || comparison == null) {
        throw new AurumException.BadInput(
            "compare patterns needs --source, --reference-date and --comparison-date");
      }
      PatternComparison.Result r =
          new PatternComparison(store(app).versions(), app.config().catalog())
              .compare(SourceId.parse(source), datasets, reference, comparison);
      if (format.equals("json")) {
        Output.json(Output.tree(r).put("significant_changes", r.significant()), cli.out());
      } else {
        Render.print(format, CompareView.patterns(r), cli.out());
      }
      if (format.equals("table")) {
        cli.out()
            .printf(
                "%d of %d series changed significantly between %s and %s%n",
                r.significant(), r.series().size(), reference, comparison);
        cli.out().flush();
      }
      return r.significant() == 0 ? 0 : 5;
    }
  }

  @Command(
      name = "quality",
      mixinStandardHelpOptions = true,
      description =
          "Before vs after an operation, per dataset: mean quality score of the versions it"
              + " replaced and of those it wrote, and how many values changed (runbook 2.6.2).")
  public static final class Quality extends Tool {
    @Mixin JobIdOption job;

    @Option(names = "--comparison-metric", paramLabel = "data_quality_score")
    String metric = "data_quality_score";

    @Mixin FormatOption formats;

    String format = "table";

    public Quality(CliContext cli) {
      super(cli);
    }

    @Override
    void validate() {
      format = formats.of("table", "json", "csv", "markdown");
      job.require("compare quality");
    }

    @Override
    int run(AppContext app) {
      QualityComparison.Result r =
          QualityComparison.compare(store(app), job.require("compare quality"), metric);
      if (format.equals("json")) {
        Output.json(CompareView.qualityJson(r), cli.out());
      } else {
        Render.print(format, CompareView.quality(r), cli.out());
      }
      return 0;
    }
  }
}
