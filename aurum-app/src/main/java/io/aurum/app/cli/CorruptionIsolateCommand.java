package io.aurum.app.cli;

import io.aurum.app.wiring.AppContext;
import io.aurum.core.error.AurumException;
import io.aurum.core.model.SourceId;
import io.aurum.core.port.IsolationRepository;
import io.aurum.core.port.IsolationRepository.Mode;
import io.aurum.core.usecase.Corruptions;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code aurum corruption isolate}: the corrupted partitions of a report, hidden or flagged. */
@Command(
    name = "isolate",
    mixinStandardHelpOptions = true,
    description =
        "Isolate the corrupted partitions a corruption detect report names: strict takes them out"
            + " of the current data (head to the last good version, or none) and holds their"
            + " outbox rows; lenient flags them. Ends with corruption release or recover.")
public final class CorruptionIsolateCommand extends Tool {
  @Option(names = "--source", required = true, paramLabel = "SOURCE")
  String source;

  @Option(
      names = "--corruption-report",
      paramLabel = "FILE",
      description = "The report of aurum corruption detect (default: ${DEFAULT-VALUE}).")
  Path report = Path.of("corruption_report.json");

  @Option(names = "--isolation-mode", paramLabel = "strict|lenient")
  String mode = "strict";

  @Option(names = "--reason", description = "Why (audited).")
  String reason;

  @Option(names = "--dry-run", description = "Show what would be isolated; change nothing.")
  boolean dryRun;

  @Mixin FormatOption formats;

  private boolean json;

  private SourceId src;
  private Mode parsed;

  public CorruptionIsolateCommand(CliContext cli) {
    super(cli);
  }

  @Override
  void validate() {
    json = formats.of("table", "json").equals("json");
    src = SourceId.parse(source);
    parsed = mode(mode);
  }

  static Mode mode(String text) {
    for (Mode m : Mode.values()) {
      if (m.name().equalsIgnoreCase(text.trim())) {
        return m;
      }
    }
    throw new AurumException.BadInput(
        "unknown --isolation-mode '" + text + "': use strict or lenient");
  }

  @Override
  int run(AppContext app) {
    Corruptions.Report r = Corruptions.read(report, src);
    Corruptions uc = new Corruptions(store(app), app.config(), cli.clock());
    List<IsolationRepository.Result> results =
        dryRun || r.targets().isEmpty() ? null : uc.isolate(r, parsed, reason, cli.actor());
    CorruptionViews.isolated(cli.out(), json, report, parsed, r, results);
    return 0;
  }
}
