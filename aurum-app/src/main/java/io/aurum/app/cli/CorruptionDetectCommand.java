package io.aurum.app.cli;

import io.aurum.app.wiring.AppContext;
import io.aurum.app.wiring.Locations;
import io.aurum.core.integrity.Category;
import io.aurum.core.integrity.ScanDepth;
import io.aurum.core.model.SourceId;
import io.aurum.core.usecase.CorruptionDetectRequest;
import io.aurum.core.usecase.IntegrityScans;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code aurum corruption detect}: schema, completeness, accuracy and checksum findings. */
@Command(
    name = "detect",
    mixinStandardHelpOptions = true,
    description = "Scan a source's published data for corruption; exit 5 when anything is found.")
public final class CorruptionDetectCommand extends Tool {
  @Option(names = "--source", required = true)
  String source;

  @Option(names = "--corruption-types", split = ",", paramLabel = "schema,completeness,accuracy")
  List<String> types = List.of();

  @Option(names = "--scan-depth", paramLabel = "quick|standard|full")
  String depth = "standard";

  @Option(names = "--output", paramLabel = "FILE")
  Path output = Path.of("corruption_report.json");

  @Option(names = "--overwrite", description = "Replace the --output file if it exists.")
  boolean overwrite = true;

  @Mixin FormatOption formats;

  private String format;
  private OutputFile file;
  private CorruptionDetectRequest request;

  public CorruptionDetectCommand(CliContext cli) {
    super(cli);
  }

  @Override
  void validate() {
    format = formats.of("table", "json");
    request =
        new CorruptionDetectRequest(
            SourceId.parse(source), Category.parse(types), ScanDepth.parse(depth));
    file = OutputFile.check(output, overwrite, Locations.resolve(common, cli));
  }

  @Override
  int run(AppContext app) {
    IntegrityScans scans = new IntegrityScans(store(app), app.config(), cli.clock());
    return ScanOutput.emit(scans.detect(request), file, format, cli.out());
  }
}
