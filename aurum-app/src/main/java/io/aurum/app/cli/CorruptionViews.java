package io.aurum.app.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.aurum.core.model.PartitionKey;
import io.aurum.core.model.SourceId;
import io.aurum.core.port.IsolationRepository;
import io.aurum.core.port.IsolationRepository.Mode;
import io.aurum.core.port.IsolationRepository.Outcome;
import io.aurum.core.usecase.CorruptionRecoverRequest;
import io.aurum.core.usecase.Corruptions;
import io.aurum.core.usecase.Replays;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;

/**
 * How {@code corruption isolate} and {@code release} show what they did: lines (table), or one JSON
 * document ({@code --format json}: docs/schemas/corruption-isolate and corruption-release).
 */
final class CorruptionViews {
  private CorruptionViews() {}

  /** {@code results} null: a dry run, or a report naming no partition. */
  static void isolated(
      PrintWriter out,
      boolean json,
      Path file,
      Mode mode,
      Corruptions.Report r,
      List<IsolationRepository.Result> results) {
    String m = Output.name(mode);
    String src = r.source().cliName();
    ObjectNode doc = Output.MAPPER.createObjectNode();
    doc.put("source", src);
    doc.put("mode", m);
    doc.put("dry_run", results == null && !r.targets().isEmpty());
    doc.put("report_findings", r.findings());
    doc.put("targets", r.targets().size());
    ArrayNode rows = doc.putArray("partitions");
    int isolated = 0;
    if (results == null) {
      for (IsolationRepository.Target t : r.targets()) {
        Long to = mode == Mode.LENIENT ? t.scannedVersionId() : (Long) t.lastGoodVersionId();
        row(rows, t.partition(), t.kinds(), "would_isolate", t.scannedVersionId(), to);
      }
    } else {
      for (IsolationRepository.Result res : results) {
        isolated += res.outcome() == Outcome.ISOLATED ? 1 : 0;
        String kinds =
            r.targets().stream()
                .filter(t -> t.partition().equals(res.partition()))
                .map(IsolationRepository.Target::kinds)
                .findFirst()
                .orElse("");
        row(
            rows,
            res.partition(),
            kinds,
            Output.name(res.outcome()),
            res.fromVersionId(),
            res.toVersionId());
      }
    }
    doc.put("isolated", isolated);
    doc.put("outbox_held", mode == Mode.STRICT && isolated > 0);
    if (json) {
      Output.json(doc, out);
      return;
    }
    if (r.targets().isEmpty()) {
      out.printf(
          "%s names no corrupted partition of %s (%d finding(s)): nothing to isolate%n",
          file, src, r.findings());
    } else if (results == null) {
      out.printf(
          "dry run: would isolate (%s) %d partition(s) of %s:%n", m, r.targets().size(), src);
      for (IsolationRepository.Target t : r.targets()) {
        out.printf(
            "  %s/%s  %s  head version id %d -> %s%n",
            t.partition().dataset(),
            t.partition().period(),
            t.kinds(),
            t.scannedVersionId(),
            mode == Mode.LENIENT
                ? "kept, flagged"
                : t.lastGoodVersionId() == null ? "none" : "version id " + t.lastGoodVersionId());
      }
    } else {
      for (IsolationRepository.Result res : results) {
        out.printf(
            "  %s/%s  %s%s%n",
            res.partition().dataset(),
            res.partition().period(),
            Output.name(res.outcome()).replace('_', ' '),
            res.outcome() == Outcome.ISOLATED && mode == Mode.STRICT
                ? ": head "
                    + res.fromVersionId()
                    + " -> "
                    + (res.toVersionId() == null ? "none" : res.toVersionId().toString())
                : "");
      }
      out.printf(
          "isolated (%s) %d of %d corrupted partition(s) of %s%s; undo with aurum corruption"
              + " release --source %s, or recover with aurum corruption recover --source %s%n",
          m,
          isolated,
          r.targets().size(),
          src,
          mode == Mode.STRICT ? ", their outbox rows held" : "",
          src,
          src);
      if (results.stream().anyMatch(x -> x.outcome() == Outcome.HEAD_MOVED)) {
        out.println(
            "some heads moved since the report was written: run aurum corruption detect again");
      }
    }
    out.flush();
  }

  /** {@code ended} null: a dry run of releasing {@code open}. */
  static void released(
      PrintWriter out,
      boolean json,
      SourceId source,
      List<IsolationRepository.Isolation> open,
      List<IsolationRepository.Ended> ended) {
    ObjectNode doc = Output.MAPPER.createObjectNode();
    doc.put("source", source.cliName());
    doc.put("dry_run", ended == null && !open.isEmpty());
    ArrayNode rows = doc.putArray("partitions");
    int restored = 0;
    List<IsolationRepository.Ended> shown =
        ended != null
            ? ended
            : open.stream().map(i -> new IsolationRepository.Ended(i, false)).toList();
    for (IsolationRepository.Ended e : shown) {
      IsolationRepository.Isolation iso = e.isolation();
      boolean back = e.headRestored();
      restored += back ? 1 : 0;
      ObjectNode x = rows.addObject();
      x.put("dataset", iso.partition().dataset());
      x.put("period", iso.partition().period().toString());
      x.put("mode", Output.name(iso.mode()));
      x.put("outcome", ended == null ? "would_release" : "released");
      x.put("head_restored", back);
      x.put("head_version_id", back ? iso.fromVersionId() : null);
    }
    doc.put("released", ended == null ? 0 : ended.size());
    doc.put("heads_restored", restored);
    if (json) {
      Output.json(doc, out);
      return;
    }
    if (open.isEmpty()) {
      out.printf("no open corruption isolation of %s: nothing to release%n", source.cliName());
    } else if (ended == null) {
      out.printf("dry run: would release %d isolation(s):%n", open.size());
      open.forEach(
          i ->
              out.printf(
                  "  %s/%s  %s%n",
                  i.partition().dataset(), i.partition().period(), Output.name(i.mode())));
    } else {
      for (IsolationRepository.Ended e : ended) {
        IsolationRepository.Isolation i = e.isolation();
        out.printf(
            "  %s/%s  %s released%s%n",
            i.partition().dataset(),
            i.partition().period(),
            Output.name(i.mode()),
            e.headRestored()
                ? ": head back to version id " + i.fromVersionId()
                : i.mode() == Mode.STRICT ? ": head changed since, kept" : "");
      }
      out.printf(
          "released %d isolation(s) of %s, %d head(s) restored; held outbox rows flow again%n",
          ended.size(), source.cliName(), restored);
    }
    out.flush();
  }

  static void row(
      ArrayNode rows, PartitionKey k, String kinds, String outcome, Long from, Long to) {
    ObjectNode x = rows.addObject();
    x.put("dataset", k.dataset());
    x.put("period", k.period().toString());
    x.put("kinds", kinds);
    x.put("outcome", outcome);
    x.put("from_version_id", from);
    x.put("to_version_id", to);
  }

  /** {@code corruption recover --format json}: docs/schemas/corruption-recover.schema.json. */
  static ObjectNode recovery(
      CorruptionRecoverRequest r,
      boolean dryRun,
      List<PartitionKey> partitions,
      String operationId,
      String operationState,
      int recovered,
      List<PartitionKey> withoutData,
      List<Long> acknowledged) {
    ObjectNode doc = Output.MAPPER.createObjectNode();
    doc.put("source", r.source().cliName());
    doc.put("method", r.method().cliName());
    doc.put("from", r.from() == null ? null : r.from().toString());
    doc.put("to", r.to() == null ? null : r.to().toString());
    doc.put("dry_run", dryRun);
    keys(doc.putArray("partitions"), partitions);
    doc.put("operation_id", operationId);
    doc.put("operation_state", operationState);
    doc.put("recovered", recovered);
    keys(doc.putArray("without_data"), withoutData);
    acknowledged.forEach(doc.putArray("audit_breaks_acknowledged")::add);
    doc.withArray("audit_breaks_acknowledged");
    return doc;
  }

  private static void keys(ArrayNode a, List<PartitionKey> keys) {
    for (PartitionKey k : keys) {
      ObjectNode x = a.addObject();
      x.put("dataset", k.dataset());
      x.put("period", k.period().toString());
    }
  }

  static void rolledBack(PrintWriter say, int corrupted, int empty) {
    say.printf(
        "rolled back %d partition(s) to their last good version; isolation lifted%n",
        corrupted - empty);
    if (empty > 0) {
      say.printf(
          "%d partition(s) had no good version and now have no data: re-fetch them with"
              + " --recovery-method selective_replay%n",
          empty);
    }
  }

  /** {@code corruption recover}'s first line: how many partitions, of what, and how. */
  static void toRecover(PrintWriter say, CorruptionRecoverRequest r, int corrupted) {
    say.printf(
        "%d corrupted partition(s) of %s%s to recover by %s%n",
        corrupted,
        r.source().cliName(),
        r.from() == null ? "" : " in " + r.from() + ".." + r.to(),
        r.method().cliName());
  }

  static void wouldRecover(PrintWriter say, List<PartitionKey> corrupted) {
    corrupted.forEach(k -> say.printf("  %s/%s%n", k.dataset(), k.period()));
    say.println("dry run: nothing changed");
  }

  static void refetching(PrintWriter say, Replays.Created c) {
    say.printf(
        "%s: %d partition(s) to re-fetch in %d fetch window(s), %d upstream request(s)%n",
        c.operation().id(), c.tasks().size(), c.windows(), c.requests());
    say.flush();
  }

  static void refetched(PrintWriter say, int partitions) {
    say.printf(
        "%d partition(s) re-fetched, checked clean and published; isolation lifted%n", partitions);
  }

  static void auditBreaksAcknowledged(PrintWriter say, List<Long> acked) {
    if (!acked.isEmpty()) {
      say.printf(
          "audit: break(s) at entry %s acknowledged by an appended entry (kept as found, never"
              + " rewritten)%n",
          acked);
    }
  }
}
