package io.aurum.app.cli;

import com.fasterxml.jackson.core.JsonGenerator;
import io.aurum.app.wiring.AppContext;
import io.aurum.app.wiring.Locations;
import io.aurum.core.error.AurumException;
import io.aurum.core.model.Dataset;
import io.aurum.core.model.PartitionKey;
import io.aurum.core.model.SourceId;
import io.aurum.core.port.CurrentRow;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
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
    description = "Export current observations as CSV or JSON.")
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

  @Option(names = "--format", paramLabel = "csv|json")
  String format = "csv";

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
    if (!format.equals("csv") && !format.equals("json")) {
      throw new AurumException.BadInput("unknown --format '" + format + "': use csv or json");
    }
    SourceId src = SourceId.parse(source);
    Locations where = Locations.resolve(common, cli);
    OutputFile file = output == null ? null : OutputFile.check(output, overwrite, where);
    try (AppContext app = AppContext.create(cli, where)) {
      List<Dataset> selected = app.config().catalog().select(src, datasets);
      if (file == null) {
        write(app, src, selected, cli.out());
        cli.out().flush();
        return 0;
      }
      long[] n = {0};
      file.write(out -> n[0] = write(app, src, selected, out));
      cli.err().printf("exported %d row(s) to %s%n", n[0], output);
      return 0;
    }
  }

  private long write(AppContext app, SourceId src, List<Dataset> selected, Writer raw)
      throws IOException {
    if (app.existingStore().isEmpty()) {
      return format.equals("csv")
          ? writeCsv(app, src, List.of(), raw)
          : writeJson(app, src, List.of(), raw);
    }
    return format.equals("csv")
        ? writeCsv(app, src, selected, raw)
        : writeJson(app, src, selected, raw);
  }

  private long writeCsv(AppContext app, SourceId src, List<Dataset> selected, Writer raw)
      throws IOException {
    Writer w = new BufferedWriter(raw, 1 << 16);
    w.write("dataset,series_id,period,value,unit,version,operation_id\n");
    long[] n = {0};
    for (Dataset d : selected) {
      app.store()
          .versions()
          .current(
              src,
              List.of(d.name()),
              from(d),
              to(d),
              r -> {
                try {
                  w.write(
                      csv(r.dataset())
                          + ","
                          + csv(r.seriesId())
                          + ","
                          + period(d, r.period())
                          + ","
                          + number(r.value())
                          + ","
                          + csv(r.unit())
                          + ","
                          + r.versionNo()
                          + ","
                          + csv(r.operationId())
                          + "\n");
                  n[0]++;
                } catch (IOException e) {
                  throw new UncheckedIOException(e);
                }
              });
    }
    w.flush();
    return n[0];
  }

  private long writeJson(AppContext app, SourceId src, List<Dataset> selected, Writer raw)
      throws IOException {
    JsonGenerator g = StatusView.JSON.getFactory().createGenerator(raw);
    g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
    g.writeStartArray();
    long[] n = {0};
    for (Dataset d : selected) {
      app.store()
          .versions()
          .current(
              src,
              List.of(d.name()),
              from(d),
              to(d),
              r -> {
                try {
                  writeRow(g, d, r);
                  n[0]++;
                } catch (IOException e) {
                  throw new UncheckedIOException(e);
                }
              });
    }
    g.writeEndArray();
    g.writeRaw('\n');
    g.flush();
    return n[0];
  }

  private static void writeRow(JsonGenerator g, Dataset d, CurrentRow r) throws IOException {
    g.writeStartObject();
    g.writeStringField("dataset", r.dataset());
    g.writeStringField("series_id", r.seriesId());
    g.writeStringField("period", period(d, r.period()));
    g.writeNumberField("value", r.value());
    g.writeStringField("unit", r.unit());
    g.writeNumberField("version", r.versionNo());
    g.writeStringField("operation_id", r.operationId());
    g.writeEndObject();
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

  static String number(double v) {
    return BigDecimal.valueOf(v).stripTrailingZeros().toPlainString();
  }

  private static String csv(String s) {
    if (s == null) {
      return "";
    }
    if (s.indexOf(',') < 0 && s.indexOf('"') < 0 && s.indexOf('\n') < 0) {
      return s;
    }
    return '"' + s.replace("\"", "\"\"") + '"';
  }
}
