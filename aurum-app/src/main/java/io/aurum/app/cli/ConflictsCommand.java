package io.aurum.app.cli;

import io.aurum.app.wiring.AppContext;
import io.aurum.app.wiring.Locations;
import io.aurum.core.conflict.ConflictDetector;
import io.aurum.core.conflict.ConflictFile;
import io.aurum.core.conflict.ConflictResolver;
import io.aurum.core.conflict.Conflicts;
import io.aurum.core.error.AurumException;
import io.aurum.core.model.ConflictStrategy;
import io.aurum.core.model.SourceId;
import io.aurum.core.replay.HourWindows;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code aurum conflicts detect|resolve} (runbook §3.5.1). */
@Command(
    name = "conflicts",
    mixinStandardHelpOptions = true,
    description = "Data conflicts between heads and candidate versions (runbook 3.5.1).",
    subcommands = {ConflictsCommand.Detect.class, ConflictsCommand.Resolve.class})
public final class ConflictsCommand {

  @Command(
      name = "detect",
      mixinStandardHelpOptions = true,
      description =
          "Value-level differences between each partition's head and its candidate version"
              + " (latest QUARANTINED/STAGED, else the previous published), and overlapping"
              + " operations. Exit 5 when any conflict.")
  public static final class Detect extends Tool {
    @Option(names = "--source", paramLabel = "SOURCE")
    String source;

    @Option(names = "--date", converter = Converters.Date.class)
    LocalDate date;

    @Option(names = "--hours", paramLabel = "14,15,16|10-16")
    String hours;

    @Option(names = "--datasets", split = ",")
    List<String> datasets = List.of();

    @Option(names = "--output", paramLabel = "FILE", description = "Write the conflict file.")
    Path output;

    @Option(names = "--overwrite", description = "Replace the --output file if it exists.")
    boolean overwrite;

    private OutputFile file;

    @Mixin FormatOption formats;

    String format = "table";

    public Detect(CliContext cli) {
      super(cli);
    }

    @Override
    void validate() {
      format = formats.of("table", "json", "csv", "markdown");
      if (source == null || date == null) {
        throw new AurumException.BadInput("conflicts detect needs --source and --date");
      }
      if (hours != null) {
        // Core names the field as a concept; a bad --hours is named here as the user typed it.
        HourWindows.parseHours(hours, CliVocabulary.FLAGS);
      }
      if (output != null) {
        file = OutputFile.check(output, overwrite, Locations.resolve(common, cli));
      }
    }

    @Override
    int run(AppContext app) {
      SourceId src = SourceId.parse(source);
      var selected = app.config().catalog().select(src, datasets);
      Conflicts.Report r = new ConflictDetector(store(app)).detect(src, selected, date, hours);
      if (file != null) {
        file.write(w -> Output.MAPPER.writeValue(w, ConflictFile.toJson(r)));
      }
      if (format.equals("json")) {
        Output.json(ConflictFile.toJson(r), cli.out());
      } else {
        Render.print(format, ConflictsView.differences(r), cli.out());
        if (format.equals("table")) {
          ConflictsView.summary(r, output, cli.out());
        }
      }
      cli.out().flush();
      return r.conflicts().isEmpty() ? 0 : 5;
    }
  }

  @Command(
      name = "resolve",
      mixinStandardHelpOptions = true,
      description =
          "Apply a strategy to a conflict file: latest_wins, keep_existing, highest_quality or"
              + " manual (prints the decisions, writes nothing). Audited.")
  public static final class Resolve extends Tool {
    @Option(names = "--conflict-file", paramLabel = "FILE")
    Path file;

    @Option(
        names = "--resolution-strategy",
        paramLabel = "latest_wins|keep_existing|highest_quality|manual")
    String strategy;

    @Option(names = "--source", description = "Accepted for the runbook; the file names it.")
    String source;

    private ConflictStrategy parsed;
    private List<ConflictFile.Entry> entries;

    public Resolve(CliContext cli) {
      super(cli);
    }

    @Override
    void validate() {
      if (file == null || strategy == null) {
        throw new AurumException.BadInput(
            "conflicts resolve needs --conflict-file and --resolution-strategy");
      }
      parsed = ConflictStrategy.parse(strategy);
      entries = ConflictFile.read(file);
    }

    @Override
    int run(AppContext app) {
      List<ConflictResolver.Outcome> out =
          new ConflictResolver(store(app)).resolve(entries, parsed, cli.actor());
      for (ConflictResolver.Outcome o : out) {
        cli.out().printf("%s: %s%n", o.partition(), o.action());
      }
      cli.out()
          .printf(
              "%d conflict(s) %s with %s%n",
              out.size(),
              parsed == ConflictStrategy.MANUAL ? "left for an operator" : "resolved",
              strategy.toLowerCase(Locale.ROOT));
      cli.out().flush();
      return 0;
    }
  }
}
