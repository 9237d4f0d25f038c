package io.aurum.app.cli;

import io.aurum.app.wiring.AppContext;
import io.aurum.app.wiring.Locations;
import io.aurum.core.model.SourceId;
import io.aurum.core.usecase.DamageAssessRequest;
import io.aurum.core.usecase.IntegrityScans;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code aurum emergency assess}: the integrity scan plus operational damage. */
@Command(
    name = "assess",
    mixinStandardHelpOptions = true,
    description = "Assess the damage to a source; exit 5 when anything is found.")
public final class EmergencyAssessCommand extends Tool {
  @Option(names = "--source", required = true)
  String source;

  @Option(names = "--full-scan", description = "Scan every partition, not only recent ones.")
  boolean fullScan;

  @Option(names = "--output", paramLabel = "FILE")
  Path output = Path.of("damage_report.json");

  @Option(names = "--overwrite", description = "Replace the --output file if it exists.")
  boolean overwrite = true;

  @Mixin FormatOption formats;

  private String format;
  private OutputFile file;
  private DamageAssessRequest request;

  public EmergencyAssessCommand(CliContext cli) {
    super(cli);
  }

  @Override
  void validate() {
    format = formats.of("table", "json");
    request = new DamageAssessRequest(SourceId.parse(source), fullScan);
    file = OutputFile.check(output, overwrite, Locations.resolve(common, cli));
  }

  @Override
  int run(AppContext app) {
    IntegrityScans scans = new IntegrityScans(store(app), app.config(), cli.clock());
    return ScanOutput.emit(scans.assess(request), file, format, cli.out());
  }
}
