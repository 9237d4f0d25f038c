package io.aurum.app.cli;

import io.aurum.app.wiring.AppContext;
import io.aurum.core.error.AurumException;
import io.aurum.core.model.PartitionKey;
import io.aurum.core.model.SourceId;
import io.aurum.core.port.IsolationRepository;
import io.aurum.core.usecase.Corruptions;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code aurum corruption release}: undoes corruption isolations. */
@Command(
    name = "release",
    mixinStandardHelpOptions = true,
    description =
        "Undo corruption isolations of a source (all, or --partitions): heads go back to what the"
            + " isolation moved them from unless changed since, flags are cleared, held outbox"
            + " rows flow again in order.")
public final class CorruptionReleaseCommand extends Tool {
  @Option(names = "--source", required = true, paramLabel = "SOURCE")
  String source;

  @Option(
      names = "--partitions",
      split = ",",
      paramLabel = "DATASET/YYYY-MM-DD",
      description = "Only these partitions (default: every isolated partition of the source).")
  List<String> partitions = List.of();

  @Option(names = "--reason", description = "Why (audited).")
  String reason;

  @Option(names = "--dry-run", description = "Show what would be released; change nothing.")
  boolean dryRun;

  @Mixin FormatOption formats;

  private boolean json;

  private SourceId src;
  private List<PartitionKey> keys;

  public CorruptionReleaseCommand(CliContext cli) {
    super(cli);
  }

  @Override
  void validate() {
    json = formats.of("table", "json").equals("json");
    src = SourceId.parse(source);
    keys = new ArrayList<>();
    for (String p : partitions) {
      keys.add(partition(src, p));
    }
  }

  @Override
  int run(AppContext app) {
    Corruptions uc = new Corruptions(store(app), app.config(), cli.clock());
    app.config().catalog().forSource(src);
    List<IsolationRepository.Isolation> open = uc.open(src, keys);
    List<IsolationRepository.Ended> ended =
        dryRun || open.isEmpty() ? null : uc.release(src, keys, reason, cli.actor());
    CorruptionViews.released(cli.out(), json, src, open, ended);
    return 0;
  }

  /** {@code DATASET/YYYY-MM-DD} (or {@code SOURCE/DATASET/YYYY-MM-DD}) of {@code src}. */
  static PartitionKey partition(SourceId src, String text) {
    String[] parts = text.trim().split("/");
    try {
      if (parts.length == 2) {
        return new PartitionKey(src, parts[0], LocalDate.parse(parts[1]));
      }
      if (parts.length == 3 && SourceId.parse(parts[0]) == src) {
        return new PartitionKey(src, parts[1], LocalDate.parse(parts[2]));
      }
    } catch (DateTimeParseException | AurumException e) {
      // refused below
    }
    throw new AurumException.BadInput(
        "partition '" + text + "' is not DATASET/YYYY-MM-DD of " + src.cliName());
  }
}
