package io.aurum.app.cli;

import io.aurum.app.wiring.AppContext;
import io.aurum.core.error.AurumException;
import io.aurum.core.model.OperationSpec;
import io.aurum.core.model.OperationType;
import io.aurum.core.model.PartitionKey;
import io.aurum.core.model.Priority;
import io.aurum.core.model.SourceId;
import io.aurum.core.usecase.Corruptions;
import io.aurum.core.usecase.ReplayRequest;
import io.aurum.core.usecase.Replays;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code aurum corruption recover}: re-fetches (selective replay), rolls back, or reprocesses the
 * corrupted partitions of a source, checks them clean, and lifts their isolation.
 */
@Command(
    name = "recover",
    mixinStandardHelpOptions = true,
    description =
        "Recover the corrupted partitions of a source (the isolated ones, else those a full scan"
            + " finds) in --data-range: selective_replay re-fetches only them, rollback moves them"
            + " to their last good version, reprocess re-fetches the whole range; then checks them"
            + " clean and lifts their isolation. Exit 5 when they are still not clean.")
public final class CorruptionRecoverCommand extends Tool {
  /** How corrupted partitions are recovered. */
  enum Method {
    SELECTIVE_REPLAY,
    ROLLBACK,
    REPROCESS
  }

  @Option(names = "--source", required = true, paramLabel = "SOURCE")
  String source;

  @Option(names = "--recovery-method", paramLabel = "selective_replay|rollback|reprocess")
  String method = "selective_replay";

  @Option(
      names = "--data-range",
      paramLabel = "YYYY-MM-DD:YYYY-MM-DD",
      description = "Only partitions in this inclusive range (default: all).")
  String range;

  @Option(names = "--reason", description = "Why (audited).")
  String reason;

  @Option(names = "--dry-run", description = "Show what would be recovered; change nothing.")
  boolean dryRun;

  private SourceId src;
  private Method parsed;
  private LocalDate from;
  private LocalDate to;

  public CorruptionRecoverCommand(CliContext cli) {
    super(cli);
  }

  @Override
  void validate() {
    src = SourceId.parse(source);
    parsed = null;
    for (Method m : Method.values()) {
      if (m.name().equalsIgnoreCase(method.trim())) {
        parsed = m;
      }
    }
    if (parsed == null) {
      throw new AurumException.BadInput(
          "unknown --recovery-method '"
              + method
              + "': use selective_replay, rollback or reprocess");
    }
    if (range != null) {
      String[] parts = range.split(":", -1);
      if (parts.length != 2) {
        throw new AurumException.BadInput(
            "--data-range '" + range + "' is not START:END (YYYY-MM-DD:YYYY-MM-DD)");
      }
      from = date(parts[0], "start");
      to = date(parts[1], "end");
      if (to.isBefore(from)) {
        throw new AurumException.BadInput(
            "--data-range '" + range + "': the end " + to + " is before the start " + from);
      }
    }
  }

  private LocalDate date(String text, String which) {
    try {
      return LocalDate.parse(text.trim());
    } catch (DateTimeParseException e) {
      throw new AurumException.BadInput(
          "--data-range '" + range + "': the " + which + " '" + text + "' is not YYYY-MM-DD");
    }
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

  @Override
  int run(AppContext app) {
    Corruptions uc = new Corruptions(store(app), app.config(), cli.clock());
    String why =
        reason != null
            ? reason
            : "corruption recover (" + parsed.name().toLowerCase(Locale.ROOT) + ")";
    List<PartitionKey> corrupted = uc.corrupted(src, from, to);
    String m = parsed.name().toLowerCase(Locale.ROOT);
    cli.out()
        .printf(
            "%d corrupted partition(s) of %s%s to recover by %s%n",
            corrupted.size(), src.cliName(), range == null ? "" : " in " + from + ".." + to, m);
    if (dryRun) {
      corrupted.forEach(k -> cli.out().printf("  %s/%s%n", k.dataset(), k.period()));
      cli.out().println("dry run: nothing changed");
      cli.out().flush();
      return 0;
    }
    if (!corrupted.isEmpty()) {
      int code =
          switch (parsed) {
            case ROLLBACK -> rollback(uc, corrupted, why);
            case SELECTIVE_REPLAY, REPROCESS -> refetch(app, uc, corrupted, why);
          };
      if (code != 0) {
        cli.out()
            .println("the recovery did not finish: the isolation stays; run the command again");
        cli.out().flush();
        return code;
      }
    }
    List<Long> acked = uc.acknowledgeAuditBreaks(why, cli.actor());
    if (!acked.isEmpty()) {
      cli.out()
          .printf(
              "audit: break(s) at entry %s acknowledged by an appended entry (kept as found, never"
                  + " rewritten)%n",
              acked);
    }
    cli.out().flush();
    return 0;
  }

  private int rollback(Corruptions uc, List<PartitionKey> corrupted, String why) {
    List<PartitionKey> empty = uc.rollback(src, corrupted, why, cli.actor());
    cli.out()
        .printf(
            "rolled back %d partition(s) to their last good version; isolation lifted%n",
            corrupted.size() - empty.size());
    if (!empty.isEmpty()) {
      cli.out()
          .printf(
              "%d partition(s) had no good version and now have no data: re-fetch them with"
                  + " --recovery-method selective_replay%n",
              empty.size());
    }
    return 0;
  }

  private int refetch(AppContext app, Corruptions uc, List<PartitionKey> corrupted, String why) {
    Replays replays = UseCases.replays(app);
    LocalDate first = corrupted.stream().map(PartitionKey::period).min(LocalDate::compareTo).get();
    LocalDate last = corrupted.stream().map(PartitionKey::period).max(LocalDate::compareTo).get();
    List<String> datasets =
        List.copyOf(new TreeSet<>(corrupted.stream().map(PartitionKey::dataset).toList()));
    ReplayRequest request =
        new ReplayRequest(
            src,
            parsed == Method.REPROCESS && from != null ? from : first,
            parsed == Method.REPROCESS && to != null ? to : last,
            datasets,
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            Priority.HIGH,
            why,
            null);
    OperationSpec spec = replays.prepare(request);
    Credentials.require(
        src, app.config().catalog().select(src, spec.datasets()), app.locations().sandbox(), cli);
    Replays.Created c =
        parsed == Method.REPROCESS
            ? replays.create(spec, Priority.HIGH, why, cli.actor(), app.store())
            : replays.create(spec, corrupted, Priority.HIGH, why, cli.actor(), app.store());
    cli.out()
        .printf(
            "%s: %d partition(s) to re-fetch in %d fetch window(s), %d upstream request(s)%n",
            c.operation().id(), c.tasks().size(), c.windows(), c.requests());
    cli.out().flush();
    int code = OperationRun.start(app, c.operation(), OperationType.REPLAY);
    if (code != 0) {
      return code;
    }
    uc.requireClean(src, corrupted);
    uc.recovered(src, corrupted, why, cli.actor());
    cli.out()
        .printf(
            "%d partition(s) re-fetched, checked clean and published; isolation lifted%n",
            corrupted.size());
    return 0;
  }
}
