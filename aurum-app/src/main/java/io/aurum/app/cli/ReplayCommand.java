package io.aurum.app.cli;

import io.aurum.app.wiring.AppContext;
import io.aurum.app.wiring.Locations;
import io.aurum.core.config.OperationDefaults;
import io.aurum.core.error.AurumException;
import io.aurum.core.model.Dataset;
import io.aurum.core.model.Operation;
import io.aurum.core.model.OperationSpec;
import io.aurum.core.model.OperationType;
import io.aurum.core.model.Priority;
import io.aurum.core.model.SourceId;
import io.aurum.core.model.TaskDraft;
import io.aurum.core.ops.OperationIds;
import io.aurum.core.request.Origin;
import io.aurum.core.request.RequestRules;
import io.aurum.core.transform.Algorithms;
import io.aurum.core.transform.TransformChain;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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

  @Option(names = "--type", paramLabel = "schema_correction|quality_improvement|algorithm_update")
  String type;

  @Option(names = "--schema-version")
  String schemaVersion;

  @Option(names = "--migration-script")
  Path migration;

  @Option(names = "--quality-profile")
  String qualityProfile;

  @Option(names = "--validation-threshold")
  Double threshold;

  @Option(names = "--algorithm-version")
  String algorithm;

  @Option(names = "--algorithm-params")
  String algorithmParams;

  @Option(names = "--custom-transform")
  Path customTransform;

  @Option(
      names = "--no-start",
      description =
          "Create the operation (its tasks planned against the current heads) and stop: start it"
              + " later with aurum resume --job-id ID.")
  boolean noStart;

  @Option(names = "--validation-script")
  Path validationScript;

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
    if (reason == null || reason.isBlank()) {
      throw new AurumException.BadInput(
          "replay needs --reason \"why\": it is kept in the audit trail");
    }
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
    RequestRules.dates(start, end, Origin.FLAGS);
    Map<String, String> extra = new HashMap<>();
    if (asOf != null && src != SourceId.FRED) {
      // Only FRED (ALFRED) serves vintages: elsewhere --as-of would silently replay today's values.
      throw new AurumException.BadInput(
          "--as-of needs a source that keeps vintages (fred): "
              + src.cliName()
              + " serves only its current values; drop --as-of");
    }
    if (asOf != null) {
      extra.put("as_of", asOf.toString());
    }
    extra.put("reason_kind", "replay");
    if (type != null) {
      switch (type) {
        case "schema_correction" -> {
          if (schemaVersion == null || migration == null) {
            throw new AurumException.BadInput(
                "--type schema_correction needs --schema-version and --migration-script");
          }
          extra.put(TransformChain.SCHEMA_VERSION, schemaVersion);
          OperationRun.readFile(migration, TransformChain.MIGRATION, extra);
        }
        case "quality_improvement" -> {
          extra.put("quality_profile", qualityProfile == null ? "default" : qualityProfile);
        }
        case "algorithm_update" -> {
          if (algorithm == null) {
            throw new AurumException.BadInput("--type algorithm_update needs --algorithm-version");
          }
          Algorithms.params(algorithm, algorithmParams);
          extra.put(TransformChain.ALGORITHM, algorithm);
          if (algorithmParams != null) {
            extra.put(TransformChain.ALGORITHM_PARAMS, algorithmParams);
          }
        }
        default ->
            throw new AurumException.BadInput(
                "unknown replay --type '"
                    + type
                    + "': use schema_correction, quality_improvement or algorithm_update");
      }
      extra.put("replay_type", type);
    }
    if (RequestRules.threshold(threshold, Origin.FLAGS) != null) {
      extra.put("validation_threshold", threshold.toString());
    }
    if (algorithm != null && type == null) {
      Algorithms.params(algorithm, algorithmParams);
      extra.put(TransformChain.ALGORITHM, algorithm);
    }
    OperationRun.readFile(customTransform, TransformChain.CUSTOM, extra);
    OperationRun.readFile(validationScript, TransformChain.VALIDATION, extra);
    Priority prio = Priority.parse(priority);
    if (strategy != null) {
      RequestRules.conflictStrategy(strategy, null, Origin.FLAGS);
    }
    try (AppContext app = AppContext.create(cli, Locations.resolve(common, cli))) {
      OperationDefaults.TypeDefaults d = app.config().defaults().of(OperationType.REPLAY);
      if (qualityProfile != null) {
        app.config().qualityProfiles().get(qualityProfile); // an unknown profile is bad input
      }
      List<Dataset> selected = RequestRules.datasets(app.config(), src, datasets);
      int conc =
          RequestRules.concurrency(
              concurrency, d.concurrency(), app.config().quotas().get(src), src, Origin.FLAGS);
      OperationSpec spec =
          new OperationSpec(
              src,
              start,
              end,
              selected.stream().map(Dataset::name).toList(),
              conc,
              d.batchSize(),
              d.maxRetries(),
              null,
              d.retryBackoffSeconds(),
              true,
              RequestRules.conflictStrategy(strategy, d.conflictStrategy(), Origin.FLAGS),
              extra);
      spec = RequestRules.derive(spec, UseCases.derivation(app));
      Credentials.require(
          src, app.config().catalog().select(src, spec.datasets()), app.locations().sandbox(), cli);
      var planner = OperationRun.planner(app);
      List<TaskDraft> tasks = planner.whole(spec);
      Operation op =
          planner.create(
              OperationType.REPLAY,
              OperationIds.of(OperationType.REPLAY, end, src),
              spec,
              tasks,
              prio,
              reason,
              cli.actor());
      var grouped = planner.group(tasks);
      cli.out()
          .printf(
              "%s: %d partition(s) to replay in %d fetch window(s), %d upstream request(s)%n",
              op.id(), tasks.size(), grouped.windows().size(), grouped.requests());
      cli.out().flush();
      if (noStart) {
        cli.out().printf("%s PLANNED; start it with aurum resume --job-id %s%n", op.id(), op.id());
        cli.out().flush();
        return 0;
      }
      return OperationRun.start(app, op, OperationType.REPLAY);
    }
  }
}
