package io.aurum.app.cli;

import io.aurum.core.analysis.DateRanges;
import io.aurum.core.error.AurumException;
import io.aurum.core.model.Operation;
import io.aurum.core.model.OperationSpec;
import io.aurum.core.model.SourceId;
import io.aurum.core.port.Store;
import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * What an analysis looks at: a source, its datasets and a date range given as {@code --start-date
 * --end-date}, {@code --date-range A:B}, {@code --date D} or {@code --days N} (the last N days).
 */
public final class ScopeOptions {
  @Option(names = "--source", paramLabel = "SOURCE", description = "eia, fred, cpi, noaa or iso.")
  String source;

  @Option(names = "--start-date", paramLabel = "YYYY-MM-DD", converter = Converters.Date.class)
  LocalDate startDate;

  @Option(names = "--end-date", paramLabel = "YYYY-MM-DD", converter = Converters.Date.class)
  LocalDate endDate;

  @Option(
      names = "--date-range",
      paramLabel = "A:B",
      converter = Converters.Range.class,
      description = "Both ends inclusive.")
  Converters.DateRange dateRange;

  @Option(names = "--date", paramLabel = "YYYY-MM-DD", converter = Converters.Date.class)
  LocalDate date;

  @Option(names = "--days", paramLabel = "N", description = "The last N whole days (UTC).")
  Integer days;

  @Option(
      names = "--datasets",
      split = ",",
      paramLabel = "A,B",
      description = "Datasets (default: every dataset of the source).")
  List<String> datasets = List.of();

  /** A resolved scope. */
  public record Scope(SourceId source, List<String> datasets, LocalDate start, LocalDate end) {}

  public Scope resolve(String command, Clock clock) {
    if (source == null) {
      throw new AurumException.BadInput(command + " needs --source");
    }
    SourceId src = SourceId.parse(source);
    int forms =
        (startDate != null || endDate != null ? 1 : 0)
            + (dateRange != null ? 1 : 0)
            + (date != null ? 1 : 0)
            + (days != null ? 1 : 0);
    if (forms > 1) {
      throw new AurumException.BadInput(
          "use one of --start-date/--end-date, --date-range, --date and --days");
    }
    LocalDate s;
    LocalDate e;
    if (dateRange != null) {
      s = dateRange.start();
      e = dateRange.end();
    } else if (date != null) {
      s = date;
      e = date;
    } else if (days != null) {
      LocalDate[] r = DateRanges.lastDays(days, clock);
      s = r[0];
      e = r[1];
    } else if (startDate != null && endDate != null) {
      s = startDate;
      e = endDate;
    } else {
      throw new AurumException.BadInput(
          command
              + " needs a range: --start-date and --end-date, --date-range A:B, --date D or --days N");
    }
    DateRanges.check(s, e);
    return new Scope(src, datasets, s, e);
  }

  /**
   * The scope of operation {@code --job-id} (alias {@code --replay-id}, {@code --operation-id})
   * when one is given: its source and date range, and its datasets unless {@code --datasets}
   * narrows them; otherwise the scope of the options, as {@link #resolve}.
   */
  public Scope resolve(String command, Clock clock, JobIdOption job, Store store) {
    String id = job.orNull();
    if (id == null || id.isBlank()) {
      return resolve(command, clock);
    }
    if (source != null || hasRange()) {
      throw new AurumException.BadInput(
          command
              + " takes --job-id ID (or --replay-id, --operation-id) or --source with a range, not"
              + " both");
    }
    Operation op =
        store
            .operations()
            .find(id.trim())
            .orElseThrow(
                () ->
                    new AurumException.NotFound(
                        "no operation " + id.trim() + ": list them with aurum ops list"));
    OperationSpec spec = op.spec();
    if (spec.startDate() == null || spec.endDate() == null) {
      throw new AurumException.BadInput(
          "operation " + op.id() + " names no date range: give --source and a range instead");
    }
    return new Scope(
        op.source(),
        datasets.isEmpty() ? spec.datasets() : datasets,
        spec.startDate(),
        spec.endDate());
  }

  /** The source alone, for commands whose range is optional. */
  public SourceId sourceOnly(String command) {
    if (source == null) {
      throw new AurumException.BadInput(command + " needs --source");
    }
    return SourceId.parse(source);
  }

  boolean hasRange() {
    return startDate != null
        || endDate != null
        || dateRange != null
        || date != null
        || days != null;
  }
}
