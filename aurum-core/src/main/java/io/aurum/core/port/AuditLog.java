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
  record Verification(long entries, String headHash, String problem, List<Long> acknowledged) {
    public Verification {
      acknowledged = acknowledged == null ? List.of() : List.copyOf(acknowledged);
    }

    public Verification(long entries, String headHash, String problem) {
      this(entries, headHash, problem, List.of());
    }

    public boolean intact() {
      return problem == null;
    }
  }

  /**
   * Acknowledges every entry that no longer matches its hash (edited outside Aurum) and is not yet
   * acknowledged: appends one {@code audit.break_acknowledged} entry each, naming the entry, its
   * stored and recomputed hashes and the reason. History is never rewritten: the edited entry stays
   * as it is and {@link #verify} still lists it ({@link Verification#acknowledged}), but no longer
   * fails on it; an entry edited again after its acknowledgement fails again. Gaps, truncation and
   * a rewritten anchor are not acknowledged (restore from a backup). Returns the sequence numbers
   * acknowledged now.
   */
  default List<Long> acknowledgeBreaks(String actor, String operationId, String reason) {
    throw new UnsupportedOperationException("this audit log cannot acknowledge breaks");
  }

  /**
   * Checks the whole trail: every entry's hash chain, that sequence numbers have no gaps, and that
   * the chain ends where its anchor (kept outside the chain, moved by every append) says it does,
   * which catches deleted newest entries. Safe while other threads or processes append: what they
   * commit during the check is either checked or not read, never reported as a problem.
   */
  Verification verify();
}
