package io.aurum.app.cli;

import io.aurum.app.wiring.AppContext;
import io.aurum.app.wiring.Locations;
import io.aurum.core.model.Dataset;
import io.aurum.core.model.PartitionKey;
import io.aurum.core.model.SourceId;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.Writer;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code aurum export}: the current observations (head versions) of a source as CSV or JSON, so
 * users and tests can read data back. Intraday periods are ISO-8601 UTC instants, daily and monthly
 * ones the calendar date they name; the range is of partition days in each dataset's reference
 * zone. Output to a file is written whole or not at all ({@link OutputFile}).
 */
@Command(
    name = "export",
    mixinStandardHelpOptions = true,
    description = "Export current observations as CSV, JSON, NDJSON or Markdown.")
public final class ExportCommand implements Callable<Integer> {
  private final CliContext cli;
  @Mixin CommonOptions common;

  @Option(names = "--source", required = true, paramLabel = "SOURCE")
  String source;

  @Option(names = "--datasets", split = ",", paramLabel = "A,B")
  List<String> datasets = List.of();

  @Option(
      names = "--date-range",
      required = true,
      paramLabel = "YYYY-MM-DD:YYYY-MM-DD",
      converter = Converters.Range.class)
  Converters.DateRange range;

  @Mixin FormatOption formats;

  static final String[] FORMATS = {"csv", "json", "ndjson", "markdown"};
  static final java.util.List<String> COLUMNS =
      java.util.List.of(
          "dataset", "series_id", "period", "value", "unit", "version", "operation_id");

  @Option(
      names = "--output",
      paramLabel = "FILE",
      description =
          "Write here instead of standard output (whole or not at all; never Aurum's own files).")
  Path output;

  @Option(names = "--overwrite", description = "Replace the --output file if it exists.")
  boolean overwrite;

  public ExportCommand(CliContext cli) {
    this.cli = cli;
  }

  @Override
  public Integer call() throws IOException {
    Logging.configure(common.logLevel());
    String format = formats.of(FORMATS);
    SourceId src = SourceId.parse(source);
    Locations where = Locations.resolve(common, cli);
    OutputFile file = output == null ? null : OutputFile.check(output, overwrite, where);
    try (AppContext app = AppContext.open(cli, () -> where)) {
      List<Dataset> selected = app.config().catalog().select(src, datasets);
      if (file == null) {
        write(app, format, src, selected, cli.out());
        cli.out().flush();
        return 0;
      }
      long[] n = {0};
      file.write(out -> n[0] = write(app, format, src, selected, out));
      cli.err().printf("exported %d row(s) to %s%n", n[0], output);
      return 0;
    }
  }

  private long write(
      AppContext app, String format, SourceId src, List<Dataset> selected, Writer raw) {
    Render.Rows rows = Render.rows(format, COLUMNS, new BufferedWriter(raw, 1 << 16));
    if (app.existingStore().isPresent()) {
      for (Dataset d : selected) {
        app.store()
            .versions()
            .current(
                src,
                List.of(d.name()),
                from(d),
                to(d),
                r ->
                    rows.row(
                        r.dataset(),
                        r.seriesId(),
                        period(d, r.period()),
                        BigDecimal.valueOf(r.value()).stripTrailingZeros(),
                        r.unit(),
                        r.versionNo(),
                        r.operationId()));
      }
    }
    rows.close();
    return rows.count();
  }

  private Instant from(Dataset d) {
    return new PartitionKey(
            d.source(),
            d.name(),
            d.frequency().monthlyPartitions() ? range.start().withDayOfMonth(1) : range.start())
        .start(d);
  }

  private Instant to(Dataset d) {
    return new PartitionKey(
            d.source(),
            d.name(),
            d.frequency().monthlyPartitions() ? range.end().withDayOfMonth(1) : range.end())
        .end(d);
  }

  /**
   * A period as users name it: daily and monthly observations (FRED, BLS, NOAA) are the calendar
   * date they stand for ({@code 2020-01-01}), not the UTC instant of midnight in the dataset's
   * zone, which reads as the previous evening in a UTC terminal; intraday periods stay UTC
   * instants.
   */
  static String period(Dataset d, Instant period) {
    return d.frequency().intraday()
        ? period.toString()
        : LocalDate.ofInstant(period, d.zone()).toString();
  }
}
