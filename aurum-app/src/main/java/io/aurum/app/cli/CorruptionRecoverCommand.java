package io.aurum.app.cli;

import io.aurum.app.wiring.AppContext;
import io.aurum.core.model.OperationSpec;
import io.aurum.core.model.OperationType;
import io.aurum.core.model.PartitionKey;
import io.aurum.core.model.Priority;
import io.aurum.core.model.SourceId;
import io.aurum.core.usecase.CorruptionRecoverRequest;
import io.aurum.core.usecase.Corruptions;
import io.aurum.core.usecase.Replays;
import java.io.PrintWriter;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
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

  @Mixin FormatOption formats;

  private CorruptionRecoverRequest request;
  private boolean json;

  /** The replay a re-fetch created, null before (and for a rollback). */
  private String replayId;

  public CorruptionRecoverCommand(CliContext cli) {
    super(cli);
  }

  @Override
  void validate() {
    json = formats.of("table", "json").equals("json");
    request = CorruptionRecoverRequest.parse(SourceId.parse(source), method, range);
  }

  @Override
  int run(AppContext app) {
    Corruptions uc = new Corruptions(store(app), app.config(), cli.clock());
    SourceId src = request.source();
    String why = request.reasonOr(reason);
    // Under --format json, standard output holds only the document: the story goes to stderr.
    PrintWriter say = json ? cli.err() : cli.out();
    List<PartitionKey> corrupted = uc.corrupted(src, request.from(), request.to());
    CorruptionViews.toRecover(say, request, corrupted.size());
    if (dryRun) {
      CorruptionViews.wouldRecover(say, corrupted);
      return done(app, corrupted, 0, List.of(), List.of(), 0);
    }
    List<PartitionKey> empty = List.of();
    if (!corrupted.isEmpty()) {
      int code = 0;
      if (request.refetches()) {
        code = refetch(app, uc, corrupted, why, say);
      } else {
        empty = uc.rollback(src, corrupted, why, cli.actor());
        CorruptionViews.rolledBack(say, corrupted.size(), empty.size());
      }
      if (code != 0) {
        say.println("the recovery did not finish: the isolation stays; run the command again");
        return done(app, corrupted, 0, empty, List.of(), code);
      }
    }
    List<Long> acked = uc.acknowledgeAuditBreaks(why, cli.actor());
    CorruptionViews.auditBreaksAcknowledged(say, acked);
    return done(app, corrupted, corrupted.size() - empty.size(), empty, acked, 0);
  }

  private int done(
      AppContext app,
      List<PartitionKey> corrupted,
      int recovered,
      List<PartitionKey> empty,
      List<Long> acked,
      int code) {
    cli.err().flush();
    if (json) {
      String state =
          replayId == null
              ? null
              : app.store()
                  .operations()
                  .find(replayId)
                  .map(o -> Output.name(o.state()))
                  .orElse(null);
      Output.json(
          CorruptionViews.recovery(
              request, dryRun, corrupted, replayId, state, recovered, empty, acked),
          cli.out());
    }
    cli.out().flush();
    return code;
  }

  private int refetch(
      AppContext app, Corruptions uc, List<PartitionKey> corrupted, String why, PrintWriter say) {
    SourceId src = request.source();
    Replays replays = UseCases.replays(app);
    OperationSpec spec = replays.prepare(request.replayOf(corrupted, why));
    Credentials.require(
        src, app.config().catalog().select(src, spec.datasets()), app.locations().sandbox(), cli);
    Replays.Created c =
        request.reprocesses()
            ? replays.create(spec, Priority.HIGH, why, cli.actor(), app.store())
            : replays.create(spec, corrupted, Priority.HIGH, why, cli.actor(), app.store());
    replayId = c.operation().id();
    uc.recovering(replayId);
    CorruptionViews.refetching(say, c);
    int code = OperationRun.start(app, c.operation(), OperationType.REPLAY, say);
    if (code != 0) {
      return code;
    }
    uc.requireClean(src, corrupted);
    uc.recovered(src, corrupted, why, cli.actor());
    CorruptionViews.refetched(say, corrupted.size());
    return 0;
  }
}
