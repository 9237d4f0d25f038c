package io.aurum.core.integrity;

import io.aurum.core.model.SourceId;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/**
 * One thing the scanner found: its kind (and so category), severity, where (source, dataset and the
 * partitions' periods; dataset null for a store-wide finding such as an audit chain break), the
 * evidence, and what to do. {@code versionId} is the scanned head version and {@code
 * lastGoodVersionId} the version it replaced (what a rollback restores), each null when unknown.
 * {@code quota} is the window a {@link Kind#QUOTA_WINDOW} finding is about, null for every other
 * kind.
 */
public record Finding(
    Kind kind,
    Severity severity,
    SourceId source,
    String dataset,
    List<LocalDate> partitions,
    String evidence,
    String suggestedAction,
    Long versionId,
    Long lastGoodVersionId,
    QuotaUse quota) {

  public Finding {
    partitions = List.copyOf(partitions);
  }

  /** A finding that is not about a quota window. */
  public Finding(
      Kind kind,
      Severity severity,
      SourceId source,
      String dataset,
      List<LocalDate> partitions,
      String evidence,
      String suggestedAction,
      Long versionId,
      Long lastGoodVersionId) {
    this(
        kind,
        severity,
        source,
        dataset,
        partitions,
        evidence,
        suggestedAction,
        versionId,
        lastGoodVersionId,
        null);
  }

  /**
   * A quota lane's current window: {@code used} of {@code limit} requests (the source's documented
   * limit, operations and routine ingestion together) until {@code resetsAt}, and the throttled
   * answers (429) the source got in the last {@code recent}.
   */
  public record QuotaUse(
      String keyId,
      Duration period,
      long used,
      long limit,
      Instant resetsAt,
      long throttled,
      Duration recent) {}

  /** A finding with the kind's severity and suggested action. */
  static Finding of(
      Kind kind,
      SourceId source,
      String dataset,
      List<LocalDate> partitions,
      String evidence,
      Long versionId,
      Long lastGood) {
    return new Finding(
        kind,
        kind.severity(),
        source,
        dataset,
        partitions,
        evidence,
        kind.action(),
        versionId,
        lastGood);
  }

  public Category category() {
    return kind.category();
  }
}
