package io.aurum.app.cli;

import io.aurum.app.wiring.AppContext;
import io.aurum.app.wiring.Locations;
import io.aurum.core.error.AurumException;
import io.aurum.core.model.OperationSpec;
import io.aurum.core.model.OperationType;
import io.aurum.core.model.Priority;
import io.aurum.core.model.SourceId;
import io.aurum.core.usecase.ReplayRequest;
import io.aurum.core.usecase.Replays;
import java.time.LocalDate;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code aurum replay}: runbook §2.4–§2.5, refetch a range into new partition versions. */
@Command(
    name = "replay",
    mixinStandardHelpOptions = true,
    description =
        "Reprocess a date range from upstream into new partition versions (runbook 2.4-2.5).")
public final class ReplayCommand implements Callable<Integer> {
  private final CliContext cli;

  @Mixin CommonOptions common;
  @Mixin ReplayKindOptions kind;
  @Mixin CriticalOption critical;
  @Mixin MetricsOptions metrics;
  @Mixin SubmitOption submit;

  @Option(names = "--source", paramLabel = "SOURCE")
  String source;

  @Option(names = "--start-date", converter = Converters.Date.class)
  LocalDate startDate;

  @Option(names = "--end-date", converter = Converters.Date.class)
  LocalDate endDate;

  @Option(names = "--date-range", converter = Converters.Range.class)
  Converters.DateRange range;

  @Option(names = "--datasets", split = ",")
  List<String> datasets = List.of();

  @Option(names = "--reason", description = "Why (required; kept in the audit trail).")
  String reason;

  @Option(names = "--priority")
  String priority = "normal";

  @Option(names = "--concurrency")
  Integer concurrency;

  @Option(
      names = "--no-start",
      description =
          "Create the operation (its tasks planned against the current heads) and stop: start it"
              + " later with aurum resume --job-id ID.")
  boolean noStart;

  @Option(
      names = "--resolution-strategy",
      paramLabel = "latest_wins|keep_existing|highest_quality|manual")
  String strategy;

  @Option(
      names = "--as-of",
      converter = Converters.Date.class,
      paramLabel = "YYYY-MM-DD",
      description =
          "Ask sources that keep vintages (FRED) for the values as they were known on this date.")
  LocalDate asOf;

  public ReplayCommand(CliContext cli) {
    this.cli = cli;
  }

  @Override
  public Integer call() {
    Logging.configure(common.logLevel());
    if (source == null) {
      throw new AurumException.BadInput("replay needs --source");
    }
    SourceId src = SourceId.parse(source);
    LocalDate start = range != null ? range.start() : startDate;
    LocalDate end = range != null ? range.end() : endDate;
    if (start == null || end == null) {
      throw new AurumException.BadInput(
          "replay needs --start-date and --end-date, or --date-range A:B");
    }
    ReplayRequest request =
        new ReplayRequest(
            src,
            start,
            end,
            datasets,
            asOf,
            kind.kind(),
            kind.qualityProfile,
            kind.algorithm(),
            kind.customTransform(),
            kind.validationScript(),
            kind.threshold,
            concurrency,
            strategy,
            Priority.parse(priority),
            reason,
            CliVocabulary.FLAGS);
    try (AppContext app = AppContext.open(cli, () -> Locations.resolve(common, cli))) {
      metrics.apply(app);
      submit.check(app, noStart ? "--no-start" : null);
      Replays replays = UseCases.replays(app);
      OperationSpec spec = replays.prepare(request);
      Credentials.require(
          src, app.config().catalog().select(src, spec.datasets()), app.locations().sandbox(), cli);
      critical.refuseIfStopped(app, src);
      Replays.Created c =
          replays.create(spec, request.priority(), reason, cli.actor(), app.store());
      critical.mark(app, c.operation());
      String id = c.operation().id();
      cli.out()
          .printf(
              "%s: %d partition(s) to replay in %d fetch window(s), %d upstream request(s)%n",
              id, c.tasks().size(), c.windows(), c.requests());
      cli.out().flush();
      if (noStart) {
        cli.out().printf("%s PLANNED; start it with aurum resume --job-id %s%n", id, id);
        cli.out().flush();
        return 0;
      }
      if (submit.asked()) {
        return SubmitOption.submit(app, c.operation());
      }
      return OperationRun.start(app, c.operation(), OperationType.REPLAY);
    }
  }
}
