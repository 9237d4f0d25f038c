package io.aurum.app.cli;

import io.aurum.app.wiring.AppContext;
import io.aurum.app.wiring.Locations;
import io.aurum.core.model.SourceId;
import io.aurum.core.usecase.DamageAssessRequest;
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

  @Mixin ScanOutput report;

  private DamageAssessRequest request;

  public EmergencyAssessCommand(CliContext cli) {
    super(cli);
  }

  @Override
  void validate() {
    request = new DamageAssessRequest(SourceId.parse(source), fullScan);
    report.check("damage_report.json", Locations.resolve(common, cli));
  }

  @Override
  int run(AppContext app) {
    return report.run(app, scans -> scans.assess(request));
  }
}
