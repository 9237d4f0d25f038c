package io.aurum.store;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import io.aurum.core.port.PublishRequest;
import io.aurum.core.port.PublishResult;
import io.aurum.core.publish.PublishDecision;
import io.aurum.core.publish.PublishDecision.Decision;
import io.aurum.store.dialect.Dialect;
import java.util.List;

/**
 * The per-request outcome of a group commit, shared by {@link GroupCommit} and {@link
 * PipelinedGroupCommit}: its publish decision, result, audit action and detail. Stateless;
 * thread-safe.
 */
final class PublishOutcomes {
  private PublishOutcomes() {}

  /**
   * The publish decision of a request against the head read under the partition lock (null: none):
   * {@code Publish}, {@code Hold} (the engine's quarantine) or {@code HeadMoved} (a conflict for
   * the engine to settle by its strategy). The store has no strategy of its own.
   */
  static Decision decide(PublishRequest r, Long head) {
    Decision d =
        PublishDecision.decide(
            PublishDecision.Candidate.of(r), PublishDecision.Current.of(head), null);
    if (d instanceof Decision.Hold h && !h.keep()) {
      throw new IllegalStateException("task " + r.taskId() + ": nothing to keep was sent");
    }
    return d;
  }

  /**
   * The result of a request decided {@code HeadMoved} (a conflict: it writes nothing); null when
   * the decision accepted it.
   */
  static PublishResult.Conflict conflict(PublishRequest r, Decision d) {
    return d instanceof Decision.HeadMoved m
        ? new PublishResult.Conflict(r.taskId(), m.head())
        : null;
  }

  /** The audit action of an accepted request. */
  static String action(Decision d) {
    return d instanceof Decision.Publish ? "version.published" : "version.quarantined";
  }

  /**
   * What became of an accepted request: its version {@code versionId}, numbered {@code versionNo},
   * published over the head it was decided against, or held as QUARANTINED.
   */
  static PublishResult result(PublishRequest r, Decision d, long versionId, int versionNo) {
    return d instanceof Decision.Publish p
        ? new PublishResult.Published(r.taskId(), versionId, versionNo, p.replaces())
        : new PublishResult.Quarantined(r.taskId(), versionId);
  }

  /** Adds the request's observation rows, if it sent any, as rows of version {@code versionId}. */
  static void addRows(List<Dialect.VersionRows> rows, long versionId, PublishRequest r) {
    if (r.rows() != null && !r.rows().isEmpty()) {
      rows.add(new Dialect.VersionRows(versionId, r.rows()));
    }
  }

  /**
   * The audit and outbox detail of a version, as JSON. Written by hand: it is built for every
   * partition inside the publisher's transaction, and an object mapper costs more than the rest.
   */
  static String detail(PublishRequest r, Decision d, long versionId, int versionNo) {
    Long superseded = d instanceof Decision.Publish p ? p.replaces() : null;
    StringBuilder json = new StringBuilder(192);
    json.append("{\"partition\":");
    quote(json, r.partition().toString());
    json.append(",\"versionId\":").append(versionId);
    json.append(",\"versionNo\":").append(versionNo);
    json.append(",\"checksum\":");
    quote(json, r.checksum());
    json.append(",\"records\":").append(r.recordCount());
    json.append(",\"qualityScore\":");
    if (Double.isFinite(r.qualityScore())) {
      json.append(r.qualityScore());
    } else {
      quote(json, String.valueOf(r.qualityScore()));
    }
    if (superseded != null) {
      json.append(",\"superseded\":").append(superseded);
    }
    if (d instanceof Decision.Hold) {
      json.append(",\"reason\":");
      quote(json, r.quarantineReason());
    }
    return json.append('}').toString();
  }

  private static void quote(StringBuilder json, String s) {
    if (s == null) {
      json.append("null");
      return;
    }
    json.append('"');
    JsonStringEncoder.getInstance().quoteAsString(s, json);
    json.append('"');
  }
}
