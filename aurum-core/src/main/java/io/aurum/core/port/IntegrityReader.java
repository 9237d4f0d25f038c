package io.aurum.core.port;

import io.aurum.core.model.Head;
import io.aurum.core.model.Observation;
import io.aurum.core.model.PartitionVersion;
import io.aurum.core.model.SourceId;
import java.time.Instant;
import java.util.List;

/**
 * Read-only access for the integrity scanner: heads with their versions, and the rows of many
 * versions streamed one version at a time over one connection (never every row at once). Never
 * writes. Thread-safe.
 */
public interface IntegrityReader {

  /** A head and the version it points at (null when that version is missing). */
  record HeadVersion(Head head, PartitionVersion version) {}

  /** Receives the rows of one version, in canonical order (series id, then period). */
  @FunctionalInterface
  interface VersionRows {
    void accept(long versionId, List<Observation> rows);
  }

  /** An open circuit breaker of a source's key. */
  record OpenBreaker(String keyId, Instant until, String reason) {}

  /**
   * The count of a quota lane's current window: {@code keyId} is the ledger key ({@link
   * QuotaLedger#laneKey}), the window started at {@code start} and lasts {@code period}.
   */
  record QuotaWindowUse(String keyId, java.time.Duration period, Instant start, long used) {}

  /** Every head of the dataset with its version, by period. */
  List<HeadVersion> heads(SourceId source, String dataset);

  /**
   * Every version (any state) of the source's partitions, by dataset, period and version number:
   * metadata only, for the last good version and staged or quarantined data.
   */
  List<PartitionVersion> versions(SourceId source);

  /**
   * Streams the rows of each version, in the order given, one version at a time; the list handed to
   * {@code sink} is only valid during the call. Attributes are not read.
   */
  void rows(List<Long> versionIds, VersionRows sink);

  /** The source's circuit breakers still open at {@code now}. */
  List<OpenBreaker> openBreakers(SourceId source, Instant now);

  /**
   * The source's quota windows current at {@code now} (a stored window that already reset counts
   * nothing and is left out), by key then period.
   */
  List<QuotaWindowUse> quotaWindows(SourceId source, Instant now);
}
