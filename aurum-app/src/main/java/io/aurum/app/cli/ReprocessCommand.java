package io.aurum.app.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.aurum.app.wiring.AppContext;
import io.aurum.app.wiring.Locations;
import io.aurum.core.config.OperationDefaults;
import io.aurum.core.error.AurumException;
import io.aurum.core.model.Dataset;
import io.aurum.core.model.Head;
import io.aurum.core.model.Operation;
import io.aurum.core.model.OperationSpec;
import io.aurum.core.model.OperationType;
import io.aurum.core.model.PartitionKey;
import io.aurum.core.model.Priority;
import io.aurum.core.model.SourceId;
import io.aurum.core.model.TaskDraft;
import io.aurum.core.model.VersionState;
import io.aurum.core.ops.OperationIds;
import io.aurum.core.replay.HourWindows;
import io.aurum.core.replay.ReplayPlanner;
import io.aurum.core.request.JsonInput;
import io.aurum.core.request.JsonSchemas;
import io.aurum.core.request.Origin;
import io.aurum.core.request.RequestRules;
import io.aurum.core.rollback.RollbackService;
import io.aurum.core.transform.TransformChain;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code aurum reprocess}: runbook §3.3–§3.4, partial reprocessing into copy-on-write versions. */
@Command(
    name = "reprocess",
    mixinStandardHelpOptions = true,
    description =
        "Reprocess hours, a time range, datasets or failed records of a day (runbook 3.3-3.4).")
public final class ReprocessCommand implements Callable<Integer> {
  private static final Pattern RULE =
      Pattern.compile("quality\\s*(<=|<)\\s*([0-9]*\\.?[0-9]+)", Pattern.CASE_INSENSITIVE);
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

  private final CliContext cli;

  @Mixin CommonOptions common;

  @Option(names = "--source")
  String source;

  @Option(
      names = "--type",
      paramLabel = "time_window|time_range|datasets|failed_records|incremental")
  String type;

  @Option(names = "--date", converter = Converters.Date.class)
  LocalDate date;

  @Option(names = "--hours", paramLabel = "14,15,16|10-16")
  String hours;

  @Option(names = "--start-time", paramLabel = "\"YYYY-MM-DD HH:MM:SS\"")
  String startTime;

  @Option(names = "--end-time")
  String endTime;

  @Option(names = "--datasets", split = ",")
  List<String> datasets = List.of();

  @Option(names = "--failure-log")
  Path failureLog;

  @Option(names = "--max-attempts")
  Integer maxAttempts;

  @Option(names = "--base-date", converter = Converters.Date.class)
  LocalDate baseDate;

  @Option(names = "--incremental-field")
  String incrementalField = "last_updated";

  @Option(
      names = "--no-start",
      description =
          "Create the operation (its tasks planned against the current heads) and stop: start it"
              + " later with aurum resume --job-id ID.")
  boolean noStart;

  @Option(names = "--dry-run")
  boolean dryRun;

  @Option(names = {"--max-concurrent", "--concurrency"})
  Integer maxConcurrent;

  @Option(names = "--batch-size")
  Integer batchSize;

  @Option(names = "--priority", description = "low, normal (default) or high.")
  String priority;

  @Option(names = "--reason")
  String reason;

  @Option(names = "--config-file")
  Path configFile;

  @Option(names = "--validation-script")
  Path validationScript;

  @Option(names = "--rollback-plan")
  String rollbackPlan;

  @Option(names = "--resolution-strategy")
  String strategy;

  @Option(names = "--validation-threshold")
  Double threshold;

  public ReprocessCommand(CliContext cli) {
    this.cli = cli;
  }

  @Override
  public Integer call() throws IOException {
    Logging.configure(common.logLevel());
    if (configFile != null) {
      applyConfigFile();
    }
    if (source == null) {
      throw new AurumException.BadInput("reprocess needs --source");
    }
    SourceId src = SourceId.parse(source);
    String kind =
        type != null ? type : hours != null ? "time_window" : date != null ? "datasets" : null;
    if (kind == null) {
      throw new AurumException.BadInput(
          "reprocess needs --type (time_window, time_range, datasets, failed_records, incremental) or --date with --hours");
    }
    List<Integer> hourList = hours == null ? null : HourWindows.parseHours(hours);
    Double rollbackBelow = null;
    if (rollbackPlan != null) {
      Matcher m = RULE.matcher(rollbackPlan);
      if (!m.find()) {
        throw new AurumException.BadInput(
            "--rollback-plan '"
                + rollbackPlan
                + "': say e.g. \"Rollback to previous version if quality < 0.9\"");
      }
      rollbackBelow = Double.parseDouble(m.group(2));
    }
    Map<String, String> extra = new HashMap<>();
    extra.put("partial_type", kind);
    OperationRun.readFile(validationScript, TransformChain.VALIDATION, extra);
    if (RequestRules.threshold(threshold, origin) != null) {
      extra.put("validation_threshold", threshold.toString());
    }
    if (rollbackBelow != null) {
      extra.put("rollback_plan_quality_below", rollbackBelow.toString());
    }
    Priority prio = Priority.parse(priority == null ? "normal" : priority);
    if (strategy != null) {
      RequestRules.conflictStrategy(strategy, null, origin);
    }
    try (AppContext app = AppContext.create(cli, Locations.resolve(common, cli))) {
      OperationDefaults.TypeDefaults d = app.config().defaults().of(OperationType.PARTIAL);
      List<Dataset> selected = RequestRules.datasets(app.config(), src, datasets);
      if (datasets.isEmpty() && (kind.equals("time_window") || kind.equals("time_range"))) {
        // Without --datasets, hours and time ranges apply to the source's intraday datasets.
        selected = selected.stream().filter(ds -> ds.frequency().intraday()).toList();
        if (selected.isEmpty()) {
          throw new AurumException.BadInput(
              "source "
                  + src.cliName()
                  + " has no hourly or 5-minute dataset: hours apply to intraday datasets only");
        }
      }
      int conc =
          RequestRules.concurrency(
              maxConcurrent, d.concurrency(), app.config().quotas().get(src), src, origin);
      int batch = RequestRules.batchSize(batchSize, d.batchSize(), origin);
      if (maxAttempts != null && maxAttempts <= 0) {
        throw new AurumException.BadInput(
            origin.name("max_retries") + " must be above 0, got " + maxAttempts);
      }
      int retries =
          RequestRules.maxRetries(
              maxAttempts == null ? null : maxAttempts - 1, d.maxRetries(), origin);
      LocalDate first;
      LocalDate last;
      String id;
      List<Instant> rangeInstants = null;
      switch (kind) {
        case "time_window" -> {
          need(date, "--date");
          if (hourList == null) {
            throw new AurumException.BadInput(
                "--type time_window needs --hours, e.g. 14,15,16 or 10-16");
          }
          for (Dataset ds : selected) {
            HourWindows.instants(date, ds.zone(), hourList);
          }
          first = date;
          last = date;
          id = OperationIds.partial(date, src, hourList.get(0), hourList.get(hourList.size() - 1));
          extra.put("hours", hours);
        }
        case "time_range" -> {
          LocalDateTime s = time(startTime, "--start-time");
          LocalDateTime e = time(endTime, "--end-time");
          rangeInstants = HourWindows.range(s, e, selected.get(0).zone());
          first = s.toLocalDate();
          last = e.minusSeconds(1).toLocalDate();
          id = OperationIds.partial(last, src, s.getHour(), e.minusSeconds(1).getHour());
        }
        case "datasets" -> {
          need(date, "--date");
          if (datasets.isEmpty()) {
            throw new AurumException.BadInput("--type datasets needs --datasets A,B");
          }
          first = date;
          last = date;
          id = OperationIds.of(OperationType.PARTIAL, date, src);
        }
        case "failed_records" -> {
          if (failureLog == null) {
            throw new AurumException.BadInput("--type failed_records needs --failure-log FILE");
          }
          first = null;
          last = null;
          id = null;
        }
        case "incremental" -> {
          need(baseDate, "--base-date");
          first = baseDate;
          last = baseDate;
          id = OperationIds.of(OperationType.PARTIAL, baseDate, src) + "_INCR";
          extra.put("incremental_field", incrementalField);
        }
        default ->
            throw new AurumException.BadInput(
                "unknown reprocess --type '"
                    + kind
                    + "': use time_window, time_range, datasets, failed_records or incremental");
      }
      List<TaskDraft> tasks;
      ReplayPlanner planner = OperationRun.planner(app);
      if (kind.equals("failed_records")) {
        tasks = failedRecords(app, src);
        first =
            tasks.stream().map(t -> t.partition().period()).min(LocalDate::compareTo).orElseThrow();
        last =
            tasks.stream().map(t -> t.partition().period()).max(LocalDate::compareTo).orElseThrow();
        id = OperationIds.of(OperationType.PARTIAL, last, src) + "_FAILED";
      }
      OperationSpec spec =
          new OperationSpec(
              src,
              first,
              last,
              selected.stream().map(Dataset::name).toList(),
              conc,
              batch,
              retries,
              null,
              d.retryBackoffSeconds(),
              true,
              RequestRules.conflictStrategy(strategy, d.conflictStrategy(), origin),
              extra);
      spec = RequestRules.derive(spec, UseCases.derivation(app));
      if (kind.equals("time_window")) {
        tasks =
            planner.windows(
                spec, ds -> Map.of(date, HourWindows.instants(date, ds.zone(), hourList)));
      } else if (kind.equals("time_range")) {
        List<Instant> all = rangeInstants;
        tasks = planner.windows(spec, ds -> ReplayPlanner.byDay(ds, all));
      } else if (!kind.equals("failed_records")) {
        tasks = planner.whole(spec);
      } else {
        tasks = failedRecords(app, src);
      }
      var grouped = planner.group(tasks);
      if (dryRun) {
        cli.out()
            .printf(
                "%s (dry run): %d task(s) in %d fetch window(s), %d upstream request(s)%n",
                id, tasks.size(), grouped.windows().size(), grouped.requests());
        for (TaskDraft t : tasks) {
          cli.out()
              .printf(
                  "  %s %s%n",
                  t.partition(), t.window() == null ? "(whole partition)" : t.window());
        }
        cli.out().flush();
        return 0;
      }
      Credentials.require(
          src, app.config().catalog().select(src, spec.datasets()), app.locations().sandbox(), cli);
      Operation op =
          planner.create(OperationType.PARTIAL, id, spec, tasks, prio, reason, cli.actor());
      cli.out()
          .printf(
              "%s: %d task(s) to reprocess in %d fetch window(s), %d upstream request(s)%n",
              op.id(), tasks.size(), grouped.windows().size(), grouped.requests());
      cli.out().flush();
      if (noStart) {
        cli.out().printf("%s PLANNED; start it with aurum resume --job-id %s%n", op.id(), op.id());
        cli.out().flush();
        return 0;
      }
      int exit = OperationRun.start(app, op, OperationType.PARTIAL);
      if (rollbackBelow != null) {
        exit = enforceRollbackPlan(app, op.id(), rollbackBelow, exit);
      }
      return exit;
    }
  }

  private int enforceRollbackPlan(AppContext app, String id, double below, int exit) {
    double worst =
        app.store().versions().written(id).stream()
            .filter(p -> p.after().state() == VersionState.PUBLISHED)
            .mapToDouble(p -> p.after().qualityScore())
            .min()
            .orElse(1.0);
    if (worst >= below) {
      return exit;
    }
    var done =
        app.rollbacks()
            .rollback(
                new RollbackService.Request(
                    id,
                    RollbackService.Type.EMERGENCY,
                    false,
                    false,
                    false,
                    false,
                    "rollback plan: quality " + worst + " < " + below,
                    cli.actor()));
    cli.out()
        .printf(
            "rollback plan enforced: quality %.3f < %s, %s rolled back by %s%n",
            worst, below, id, done.get(done.size() - 1).rollbackId());
    cli.out().flush();
    return 5;
  }

  private List<TaskDraft> failedRecords(AppContext app, SourceId src) throws IOException {
    JsonNode root;
    try {
      root = new ObjectMapper().readTree(failureLog.toFile());
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      var l = e.getLocation();
      throw new AurumException.BadInput(
          failureLog
              + ":"
              + (l == null ? 0 : l.getLineNr())
              + ":"
              + (l == null ? 0 : l.getColumnNr())
              + ": "
              + e.getOriginalMessage());
    } catch (IOException e) {
      throw new AurumException.NotFound(
          "cannot read the failure log " + failureLog + ": " + e.getMessage());
    }
    if (root == null || !root.isArray()) {
      throw new AurumException.BadInput(
          failureLog + ": expected a JSON array of failed partitions");
    }
    Set<String> seen = new LinkedHashSet<>();
    List<TaskDraft> out = new ArrayList<>();
    for (JsonNode n : root) {
      if (!src.cliName().equals(n.path("source").asText())) {
        continue;
      }
      if (!datasets.isEmpty() && !datasets.contains(n.path("dataset").asText())) {
        continue;
      }
      String window = n.hasNonNull("window") ? n.get("window").asText() : null;
      String k = n.path("dataset").asText() + "/" + n.path("partition").asText() + "/" + window;
      if (!seen.add(k)) {
        continue;
      }
      app.config().catalog().get(src, n.path("dataset").asText());
      PartitionKey key =
          new PartitionKey(
              src, n.path("dataset").asText(), LocalDate.parse(n.path("partition").asText()));
      Long head = app.store().versions().head(key).map(Head::versionId).orElse(null);
      out.add(new TaskDraft(key, window, head));
    }
    if (out.isEmpty()) {
      throw new AurumException.BadInput(
          failureLog + " lists no failed partition of " + src.cliName());
    }
    return out;
  }

  /**
   * Fills the options not given on the command line from {@code --config-file}, checked against its
   * JSON Schema first (unknown keys refused with their line); values from the file then pass the
   * same rules as the flags, named by their place in the file.
   */
  private void applyConfigFile() {
    JsonInput in = JsonInput.read(configFile, "config file").check(JsonSchemas.REPROCESS_CONFIG);
    JsonNode n = in.root();
    java.util.Set<String> fromFile = new java.util.HashSet<>();
    if (hours == null && n.has("hours")) {
      JsonNode h = n.get("hours");
      if (h.isArray()) {
        List<String> l = new ArrayList<>();
        h.forEach(x -> l.add(x.asText()));
        hours = String.join(",", l);
      } else {
        hours = h.asText();
      }
    }
    if (type == null && n.has("type")) {
      type = n.get("type").asText();
    }
    if (maxConcurrent == null && n.has("max_concurrent")) {
      maxConcurrent = n.get("max_concurrent").asInt();
      fromFile.add("concurrency");
    }
    if (batchSize == null && n.has("batch_size")) {
      batchSize = n.get("batch_size").asInt();
      fromFile.add("batch_size");
    }
    if (maxAttempts == null && n.has("max_attempts")) {
      maxAttempts = n.get("max_attempts").asInt();
      fromFile.add("max_retries");
    }
    if (priority == null && n.has("priority")) {
      priority = n.get("priority").asText();
    }
    if (strategy == null && n.has("resolution_strategy")) {
      strategy = n.get("resolution_strategy").asText();
      fromFile.add("conflict_strategy");
    }
    if (threshold == null && n.has("validation_threshold")) {
      threshold = n.get("validation_threshold").asDouble();
      fromFile.add("validation_threshold");
    }
    if (datasets.isEmpty() && n.has("datasets")) {
      List<String> l = new ArrayList<>();
      n.get("datasets").forEach(x -> l.add(x.asText()));
      datasets = l;
    }
    Map<String, String> keys =
        Map.of(
            "concurrency", "max_concurrent",
            "max_retries", "max_attempts",
            "conflict_strategy", "resolution_strategy");
    Origin file = in.origin("");
    origin =
        field ->
            fromFile.contains(field)
                ? file.name(keys.getOrDefault(field, field))
                : FLAGS.name(field);
  }

  /** Reprocess's flags: its concurrency is --max-concurrent, its retries --max-attempts. */
  private static final Origin FLAGS =
      Origin.flags(Map.of("concurrency", "--max-concurrent", "max_retries", "--max-attempts"));

  /** Where the request's values came from: the flags, or the config file for those it set. */
  private Origin origin = FLAGS;

  private static void need(Object v, String flag) {
    if (v == null) {
      throw new AurumException.BadInput("reprocess of this --type needs " + flag);
    }
  }

  private static LocalDateTime time(String text, String flag) {
    if (text == null) {
      throw new AurumException.BadInput(
          "--type time_range needs " + flag + " \"YYYY-MM-DD HH:MM:SS\"");
    }
    try {
      return LocalDateTime.parse(text.trim(), TIME);
    } catch (DateTimeParseException e) {
      throw new AurumException.BadInput(flag + " '" + text + "' is not \"YYYY-MM-DD HH:MM:SS\"");
    }
  }
}
