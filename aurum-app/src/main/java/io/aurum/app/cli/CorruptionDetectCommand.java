package io.aurum.app.cli;

import io.aurum.app.wiring.AppContext;
import io.aurum.app.wiring.Locations;
import io.aurum.core.integrity.Category;
import io.aurum.core.integrity.ScanDepth;
import io.aurum.core.model.SourceId;
import io.aurum.core.usecase.CorruptionDetectRequest;
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

  @Mixin ScanOutput report;

  private CorruptionDetectRequest request;

  public CorruptionDetectCommand(CliContext cli) {
    super(cli);
  }

  @Override
  void validate() {
    request =
        new CorruptionDetectRequest(
            SourceId.parse(source), Category.parse(types), ScanDepth.parse(depth));
    report.check("corruption_report.json", Locations.resolve(common, cli));
  }

  @Override
  int run(AppContext app) {
    return report.run(app, scans -> scans.detect(request));
  }
}
