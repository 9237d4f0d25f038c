package io.aurum.app.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.aurum.app.wiring.AppContext;
import io.aurum.app.wiring.Locations;
import io.aurum.core.error.AurumException;
import io.aurum.core.model.SourceId;
import io.aurum.core.usecase.SchemaCheckRequest;
import io.aurum.core.usecase.Schemas;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code aurum schema check}: heads with another schema version, and the conflicts file. */
@Command(
    name = "check",
    mixinStandardHelpOptions = true,
    description =
        "Partitions whose head has another schema version than --expected-version (exit 5 when"
            + " any); --output writes the version-conflicts file for schema resolve.")
public final class SchemaCheckCommand extends Tool {
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

  public SchemaCheckCommand(CliContext cli) {
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
    SchemaCheckRequest request =
        new SchemaCheckRequest(
            SourceId.parse(source),
            expected,
            range != null ? range.start() : date,
            range != null ? range.end() : date,
            datasets);
    Schemas.Checked checked = UseCases.schemas(app).check(request, store(app).versions());
    ObjectNode root = conflictsFile(checked);
    if (file != null) {
      file.write(w -> Output.MAPPER.writeValue(w, root));
    }
    if (format.equals("json")) {
      Output.json(root, cli.out());
    } else {
      for (Schemas.Conflict m : checked.conflicts()) {
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
              checked.conflicts().size(),
              checked.checked(),
              expected,
              output == null ? "" : "; written to " + output);
      cli.out().flush();
    }
    return checked.conflicts().isEmpty() ? 0 : 5;
  }

  /** The version-conflicts file schema resolve reads ({@link VersionConflictsFile}). */
  private ObjectNode conflictsFile(Schemas.Checked checked) {
    SchemaCheckRequest r = checked.request();
    ObjectNode root = Output.MAPPER.createObjectNode();
    root.put("source", r.source().cliName());
    root.put("expected_version", r.expected());
    root.put("from", r.start().toString());
    root.put("to", r.end().toString());
    if (migration != null) {
      root.put("migration_script", migration.toAbsolutePath().toString());
    }
    root.put("checked", checked.checked());
    var arr = root.putArray("conflicts");
    for (Schemas.Conflict m : checked.conflicts()) {
      var n = arr.addObject();
      n.put("dataset", m.partition().dataset());
      n.put("period", m.partition().period().toString());
      n.put("schema_version", m.head().schemaVersion());
      n.put("version_id", m.head().id());
      n.put("operation_id", m.head().operationId());
    }
    return root;
  }
}
