package io.aurum.core.port;

import java.time.Instant;
import java.util.List;

/**
 * Append-only, hash-chained log of who did what (docs/architecture.md, "Tamper evidence"). Never
 * holds secrets.
 */
public interface AuditLog {

  /** An entry: {@code hash} is SHA-256 over the previous hash and this entry's fields. */
  record Entry(
      long seq,
      Instant at,
      String actor,
      String operationId,
      String action,
      String detail,
      String prevHash,
      String hash) {}

  void append(String actor, String operationId, String action, String detail);

  /** Entries of one operation (all when null), oldest first. */
  List<Entry> entries(String operationId);

  /** The sequence number of the first entry whose hash does not verify, or -1 when intact. */
  long firstBrokenEntry();

  /**
   * What {@link #verify} found: the entries checked, the hash of the newest (the genesis hash when
   * empty; worth keeping outside the database to detect a rewrite of the whole chain) and, when the
   * trail was tampered with, what is wrong (null: intact).
   */
  record Verification(long entries, String headHash, String problem) {
    public boolean intact() {
      return problem == null;
    }
  }

  /**
   * Checks the whole trail: every entry's hash chain, that sequence numbers have no gaps, and that
   * the chain ends where its anchor (kept outside the chain, moved by every append) says it does,
   * which catches deleted newest entries.
   */
  Verification verify();
}
