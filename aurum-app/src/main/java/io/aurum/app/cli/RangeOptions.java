package io.aurum.app.cli;

import io.aurum.core.error.AurumException;
import io.aurum.core.model.SourceId;
import java.time.LocalDate;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** What a backfill or plan covers: a source, an inclusive date range and its datasets. */
@Command
final class RangeOptions {
  @Option(names = "--source", paramLabel = "SOURCE", description = "eia, fred, cpi, noaa or iso.")
  String source;

  @Option(names = "--start-date", paramLabel = "YYYY-MM-DD", converter = Converters.Date.class)
  LocalDate startDate;

  @Option(names = "--end-date", paramLabel = "YYYY-MM-DD", converter = Converters.Date.class)
  LocalDate endDate;

  @Option(
      names = "--datasets",
      split = ",",
      paramLabel = "A,B",
      description = "Datasets (default: every dataset of the source).")
  List<String> datasets = List.of();

  /** Whether any of the range's flags was given. */
  boolean given() {
    return source != null || startDate != null || endDate != null || !datasets.isEmpty();
  }

  /** The source; refused with {@code usage} when the source or a date is missing. */
  SourceId require(String usage) {
    if (source == null || startDate == null || endDate == null) {
      throw new AurumException.BadInput(usage);
    }
    return SourceId.parse(source);
  }
}
