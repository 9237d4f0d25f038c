package io.aurum.app.cli;

import io.aurum.app.wiring.AppContext;
import io.aurum.core.error.AurumException;
import io.aurum.core.model.SourceId;
import io.aurum.core.port.IsolationRepository;
import io.aurum.core.port.IsolationRepository.Mode;
import io.aurum.core.usecase.Corruptions;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import picocli.CommandLine.Command;
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

  private SourceId src;
  private Mode parsed;

  public CorruptionIsolateCommand(CliContext cli) {
    super(cli);
  }

  @Override
  void validate() {
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
    String m = parsed.name().toLowerCase(Locale.ROOT);
    if (r.targets().isEmpty()) {
      cli.out()
          .printf(
              "%s names no corrupted partition of %s (%d finding(s)): nothing to isolate%n",
              report, src.cliName(), r.findings());
      cli.out().flush();
      return 0;
    }
    if (dryRun) {
      cli.out()
          .printf(
              "dry run: would isolate (%s) %d partition(s) of %s:%n",
              m, r.targets().size(), src.cliName());
      for (IsolationRepository.Target t : r.targets()) {
        cli.out()
            .printf(
                "  %s/%s  %s  head version id %d -> %s%n",
                t.partition().dataset(),
                t.partition().period(),
                t.kinds(),
                t.scannedVersionId(),
                parsed == Mode.LENIENT
                    ? "kept, flagged"
                    : t.lastGoodVersionId() == null
                        ? "none"
                        : "version id " + t.lastGoodVersionId());
      }
      cli.out().flush();
      return 0;
    }
    Map<IsolationRepository.Outcome, Integer> counts = new TreeMap<>();
    for (IsolationRepository.Result res : uc.isolate(r, parsed, reason, cli.actor())) {
      counts.merge(res.outcome(), 1, Integer::sum);
      cli.out()
          .printf(
              "  %s/%s  %s%s%n",
              res.partition().dataset(),
              res.partition().period(),
              res.outcome().name().toLowerCase(Locale.ROOT).replace('_', ' '),
              res.outcome() == IsolationRepository.Outcome.ISOLATED && parsed == Mode.STRICT
                  ? ": head "
                      + res.fromVersionId()
                      + " -> "
                      + (res.toVersionId() == null ? "none" : res.toVersionId().toString())
                  : "");
    }
    int isolated = counts.getOrDefault(IsolationRepository.Outcome.ISOLATED, 0);
    cli.out()
        .printf(
            "isolated (%s) %d of %d corrupted partition(s) of %s%s; undo with aurum corruption"
                + " release --source %s, or recover with aurum corruption recover --source %s%n",
            m,
            isolated,
            r.targets().size(),
            src.cliName(),
            parsed == Mode.STRICT ? ", their outbox rows held" : "",
            src.cliName(),
            src.cliName());
    if (counts.containsKey(IsolationRepository.Outcome.HEAD_MOVED)) {
      cli.out()
          .println(
              "some heads moved since the report was written: run aurum corruption detect again");
    }
    cli.out().flush();
    return 0;
  }
}
