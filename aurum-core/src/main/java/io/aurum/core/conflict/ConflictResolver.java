package io.aurum.core.conflict;

import io.aurum.core.conflict.ConflictFile.Entry;
import io.aurum.core.error.AurumException;
import io.aurum.core.model.Checksums;
import io.aurum.core.model.ConflictStrategy;
import io.aurum.core.model.Observation;
import io.aurum.core.model.PartitionKey;
import io.aurum.core.port.Store;
import io.aurum.core.publish.PublishDecision.Decision;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Runbook §3.5.1: resolves the entries of a conflict file by a strategy — publish the candidate,
 * keep the head (discarding a pending candidate), or ask the operator to decide. Stateless;
 * thread-safe.
 */
public final class ConflictResolver {
  private final Store store;

  public ConflictResolver(Store store) {
    this.store = store;
  }

  /** What resolution did to one partition. */
  public record Outcome(PartitionKey partition, String action, Long headVersionId) {}

  /**
   * Applies a strategy to every entry. Every entry is checked first (head unchanged, candidate
   * still resolvable, checksum of its rows verified), so a stale file writes nothing.
   */
  public List<Outcome> resolve(List<Entry> entries, ConflictStrategy strategy, String actor) {
    List<ResolutionPlan> plans = new ArrayList<>();
    for (Entry e : entries) {
      plans.add(ResolutionPlan.of(store, e, strategy));
    }
    List<Outcome> out = new ArrayList<>();
    for (ResolutionPlan p : plans) {
      out.add(apply(p, strategy, actor));
    }
    return out;
  }

  private Outcome apply(ResolutionPlan p, ConflictStrategy strategy, String actor) {
    String detail =
        "{\"strategy\":\""
            + strategy.name().toLowerCase(Locale.ROOT)
            + "\",\"partition\":\""
            + p.e().partition()
            + "\",\"head\":"
            + (p.head() == null ? "null" : p.head().id())
            + ",\"candidate\":"
            + p.cand().id();
    if (p.decision() instanceof Decision.Conflict) {
      return new Outcome(p.e().partition(), decide(p), p.headId());
    } else if (p.decision() instanceof Decision.Publish) {
      return publish(p, actor, detail);
    } else if (p.pending()) {
      store.versions().discard(p.cand().id(), actor, detail + ",\"action\":\"discarded\"}");
      return new Outcome(
          p.e().partition(),
          "kept the head; candidate v" + p.cand().versionNo() + " DISCARDED",
          p.headId());
    }
    store
        .audit()
        .append(
            actor, p.cand().operationId(), "conflict.resolved", detail + ",\"action\":\"kept\"}");
    return new Outcome(
        p.e().partition(),
        "kept the head (candidate v" + p.cand().versionNo() + " stays " + p.cand().state() + ")",
        p.headId());
  }

  /** The question a {@code manual} strategy leaves to the operator. */
  private static String decide(ResolutionPlan p) {
    return "decide: keep head v"
        + (p.head() == null ? "-" : p.head().versionNo())
        + " ("
        + (p.head() == null
            ? "none"
            : p.head().operationId() + ", quality " + p.head().qualityScore())
        + ") or take v"
        + p.cand().versionNo()
        + " ("
        + p.cand().state()
        + ", "
        + p.cand().operationId()
        + ", quality "
        + p.cand().qualityScore()
        + "): rerun with latest_wins, keep_existing or highest_quality";
  }

  /** Publishes the candidate once its rows' checksum is verified. */
  private Outcome publish(ResolutionPlan p, String actor, String detail) {
    List<Observation> rows = store.versions().observations(p.cand().id());
    String sum = Checksums.of(rows);
    if (p.cand().checksum() != null && !p.cand().checksum().equals(sum)) {
      throw new AurumException.ValidationFailed(
          "version id "
              + p.cand().id()
              + " of "
              + p.e().partition()
              + ": rows checksum "
              + sum
              + " differs from the recorded "
              + p.cand().checksum()
              + "; nothing more was resolved");
    }
    long id =
        store
            .versions()
            .promote(
                p.cand().id(),
                p.e().headVersionId(),
                sum,
                rows.size(),
                actor,
                detail + ",\"action\":\"promoted\"}");
    return new Outcome(
        p.e().partition(),
        "candidate v" + p.cand().versionNo() + " published as version id " + id,
        id);
  }
}
