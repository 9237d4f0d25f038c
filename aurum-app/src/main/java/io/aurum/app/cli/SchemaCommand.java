package io.aurum.app.cli;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
import io.aurum.core.model.PartitionVersion;
import io.aurum.core.model.Priority;
import io.aurum.core.model.SourceId;
import io.aurum.core.model.TaskDraft;
import io.aurum.core.ops.OperationIds;
import io.aurum.core.transform.TransformChain;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code aurum schema check|resolve} (runbook §3.5.2): heads with another schema version. */
@Command(
    name = "schema",
    mixinStandardHelpOptions = true,
    description = "Schema version conflicts (runbook 3.5.2).",
    subcommands = {SchemaCommand.Check.class, SchemaCommand.Resolve.class})
public final class SchemaCommand {

  /** A head whose version carries another schema version than expected. */
  record Mismatch(PartitionKey partition, PartitionVersion head) {}

  @Command(
      name = "check",
      mixinStandardHelpOptions = true,
      description =
          "Partitions whose head has another schema version than --expected-version (exit 5 when"
              + " any); --output writes the version-conflicts file for schema resolve.")
  public static final class Check extends Tool {
    @Option(names = "--source")
    String source;

    @Option(names = "--expected-version", paramLabel = "v2.1")
    String expected;

    @Option(names = "--date", converter = Converters.Date.class)
    LocalDate date;

    @Option(names = "--date-range", converter = Converters.Range.class, paramLabel = "A:B")
    Converters.DateRange range;

    @Option(names = "--datasets", split = ",")
    List<String> datasets = List.of();

    @Option(names = "--migration-script", description = "Recorded in the --output file.")
    Path migration;

    @Option(names = "--output", paramLabel = "FILE", description = "Write the conflicts as JSON.")
    Path output;

    @Option(names = "--overwrite", description = "Replace the --output file if it exists.")
    boolean overwrite;

    private OutputFile file;

    @Mixin FormatOption formats;

    String format = "table";

    public Check(CliContext cli) {
      super(cli);
    }

    @Override
    void validate() {
      format = formats.of("table", "json");
      if (source == null || expected == null || (date == null && range == null)) {
        throw new AurumException.BadInput(
            "schema check needs --source, --expected-version and --date or --date-range");
      }
      if (output != null) {
        file = OutputFile.check(output, overwrite, Locations.resolve(common, cli));
      }
    }

    @Override
    int run(AppContext app) {
      SourceId src = SourceId.parse(source);
      LocalDate from = range != null ? range.start() : date;
      LocalDate to = range != null ? range.end() : date;
      var store = store(app);
      List<Mismatch> found = new ArrayList<>();
      int checked = 0;
      for (Dataset d : app.config().catalog().select(src, datasets)) {
        Set<Long> heads = new java.util.HashSet<>();
        store.versions().heads(src, d.name(), from, to).forEach(h -> heads.add(h.versionId()));
        checked += heads.size();
        for (PartitionVersion v : store.versions().versionsIn(src, d.name(), from, to)) {
          if (heads.contains(v.id()) && !Objects.equals(v.schemaVersion(), expected)) {
            found.add(new Mismatch(v.partition(), v));
          }
        }
      }
      ObjectNode root = Output.MAPPER.createObjectNode();
      root.put("source", src.cliName());
      root.put("expected_version", expected);
      root.put("from", from.toString());
      root.put("to", to.toString());
      if (migration != null) {
        root.put("migration_script", migration.toAbsolutePath().toString());
      }
      root.put("checked", checked);
      var arr = root.putArray("conflicts");
      for (Mismatch m : found) {
        var n = arr.addObject();
        n.put("dataset", m.partition().dataset());
        n.put("period", m.partition().period().toString());
        n.put("schema_version", m.head().schemaVersion());
        n.put("version_id", m.head().id());
        n.put("operation_id", m.head().operationId());
      }
      if (file != null) {
        file.write(w -> Output.MAPPER.writeValue(w, root));
      }
      if (format.equals("json")) {
        Output.json(root, cli.out());
      } else {
        for (Mismatch m : found) {
          cli.out()
              .printf(
                  "%s: head v%d has schema %s, expected %s (%s)%n",
                  m.partition(),
                  m.head().versionNo(),
                  m.head().schemaVersion() == null ? "(none)" : m.head().schemaVersion(),
                  expected,
                  m.head().operationId());
        }
        cli.out()
            .printf(
                "%d of %d head(s) have another schema version than %s%s%n",
                found.size(), checked, expected, output == null ? "" : "; written to " + output);
        cli.out().flush();
      }
      return found.isEmpty() ? 0 : 5;
    }
  }

  @Command(
      name = "resolve",
      mixinStandardHelpOptions = true,
      description =
          "upgrade_to_latest: a schema_correction replay of exactly the partitions of the"
              + " version-conflicts file, with its migration (or --migration-script).")
  public static final class Resolve implements Callable<Integer> {
    private final CliContext cli;
    @Mixin CommonOptions common;

    @Option(names = "--version-conflicts", paramLabel = "FILE")
    Path file;

    @Option(names = "--resolution", paramLabel = "upgrade_to_latest")
    String resolution;

    @Option(names = "--migration-script", paramLabel = "FILE")
    Path migration;

    @Option(names = "--source", description = "Accepted for the runbook; the file names it.")
    String source;

    @Option(names = "--reason")
    String reason;

    @Option(names = "--priority", paramLabel = "low|normal|high")
    String priority = "normal";

    public Resolve(CliContext cli) {
      this.cli = cli;
    }

    @Override
    public Integer call() {
      Logging.configure(common.logLevel());
      if (file == null || resolution == null) {
        throw new AurumException.BadInput(
            "schema resolve needs --version-conflicts FILE and --resolution upgrade_to_latest");
      }
      if (!resolution.trim().equalsIgnoreCase("upgrade_to_latest")) {
        throw new AurumException.BadInput(
            "unknown --resolution '" + resolution + "': use upgrade_to_latest");
      }
      JsonNode root = readJson(file);
      if (!root.path("conflicts").isArray() || !root.hasNonNull("source")) {
        throw new AurumException.BadInput(
            file + ":1:1: expected a file from aurum schema check --output (source, conflicts)");
      }
      SourceId src = SourceId.parse(root.get("source").asText());
      Path script =
          migration != null
              ? migration
              : root.hasNonNull("migration_script")
                  ? Path.of(root.get("migration_script").asText())
                  : null;
      if (script == null) {
        throw new AurumException.BadInput(
            "schema resolve needs --migration-script FILE (or a migration_script in " + file + ")");
      }
      Map<String, String> extra = new HashMap<>();
      OperationRun.readFile(script, TransformChain.MIGRATION, extra);
      String version =
          root.hasNonNull("expected_version") ? root.get("expected_version").asText() : null;
      var parsed =
          io.aurum.core.transform.TransformFile.parse(
              script.toString(), extra.get(TransformChain.MIGRATION));
      if (parsed.schemaVersion() != null) {
        version = parsed.schemaVersion();
      }
      if (version == null) {
        throw new AurumException.BadInput(
            "no schema version: neither the migration nor " + file + " names one");
      }
      extra.put(TransformChain.SCHEMA_VERSION, version);
      extra.put("replay_type", "schema_correction");
      Priority prio = Priority.parse(priority);
      List<PartitionKey> keys = new ArrayList<>();
      int i = 0;
      for (JsonNode c : root.get("conflicts")) {
        try {
          keys.add(
              new PartitionKey(
                  src, c.get("dataset").asText(), LocalDate.parse(c.get("period").asText())));
        } catch (RuntimeException e) {
          throw new AurumException.BadInput(
              file + ": conflicts[" + i + "]: needs dataset and period");
        }
        i++;
      }
      if (keys.isEmpty()) {
        cli.out().printf("nothing to upgrade: %s lists no conflict%n", file);
        cli.out().flush();
        return 0;
      }
      try (AppContext app = AppContext.create(cli, Locations.resolve(common, cli))) {
        app.control();
        OperationDefaults.TypeDefaults d = app.config().defaults().of(OperationType.REPLAY);
        Set<String> names = new LinkedHashSet<>();
        keys.forEach(k -> names.add(app.config().catalog().get(src, k.dataset()).name()));
        LocalDate start = keys.stream().map(PartitionKey::period).min(LocalDate::compareTo).get();
        LocalDate end = keys.stream().map(PartitionKey::period).max(LocalDate::compareTo).get();
        OperationSpec spec =
            new OperationSpec(
                src,
                start,
                end,
                List.copyOf(names),
                Math.min(d.concurrency(), app.config().quotas().get(src).maxConcurrency()),
                d.batchSize(),
                d.maxRetries(),
                null,
                d.retryBackoffSeconds(),
                true,
                d.conflictStrategy(),
                extra);
        List<TaskDraft> tasks = new ArrayList<>();
        for (PartitionKey k : keys) {
          tasks.add(
              new TaskDraft(
                  k, null, app.store().versions().head(k).map(Head::versionId).orElse(null)));
        }
        Credentials.require(
            src,
            app.config().catalog().select(src, spec.datasets()),
            app.locations().sandbox(),
            cli);
        Operation op =
            OperationRun.planner(app)
                .create(
                    OperationType.REPLAY,
                    OperationIds.of(OperationType.REPLAY, end, src),
                    spec,
                    tasks,
                    prio,
                    reason == null ? "schema upgrade to " + version + " (" + file + ")" : reason,
                    cli.actor());
        cli.out()
            .printf("%s: upgrading %d partition(s) to schema %s%n", op.id(), tasks.size(), version);
        cli.out().flush();
        return OperationRun.start(app, op, OperationType.REPLAY);
      }
    }
  }

  static JsonNode readJson(Path file) {
    String text;
    try {
      text = Files.readString(file);
    } catch (NoSuchFileException e) {
      throw new AurumException.NotFound("no file " + file);
    } catch (java.nio.charset.CharacterCodingException e) {
      throw new AurumException.BadInput(
          "cannot read "
              + file
              + ": it is not UTF-8 text; pass the file aurum schema check --output wrote");
    } catch (IOException e) {
      throw new AurumException.BadInput(
          "cannot read "
              + file
              + ": "
              + (Files.isDirectory(file) ? "it is a directory" : e.getMessage())
              + "; pass the file aurum schema check --output wrote");
    }
    try {
      JsonNode n = Output.MAPPER.readTree(text);
      if (n == null || !n.isObject()) {
        throw new AurumException.BadInput(file + ":1:1: expected a JSON object");
      }
      return n;
    } catch (JsonProcessingException e) {
      JsonLocation l = e.getLocation();
      throw new AurumException.BadInput(
          file
              + ":"
              + (l == null ? 0 : l.getLineNr())
              + ":"
              + (l == null ? 0 : l.getColumnNr())
              + ": "
              + e.getOriginalMessage().replace('\n', ' '));
    }
  }
}
