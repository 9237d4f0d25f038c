package io.aurum.core.integrity;

import java.util.Locale;

/** What a {@link Finding} is about, with its category, default severity and suggested action. */
public enum Kind {
  CHECKSUM_MISMATCH(
      Category.CHECKSUM,
      Severity.CRITICAL,
      "roll the partition back to its last good version, or re-fetch it (selective replay)"),
  MALFORMED_CHECKSUM(
      Category.CHECKSUM, Severity.CRITICAL, "re-fetch the partition (selective replay)"),
  MISSING_VERSION(
      Category.CHECKSUM,
      Severity.CRITICAL,
      "the head points at a version that does not exist: re-fetch the partition"),
  ROW_COUNT_MISMATCH(
      Category.COMPLETENESS,
      Severity.HIGH,
      "rows were added or deleted after publication: re-fetch the partition"),
  SCHEMA_VERSION_MISMATCH(
      Category.SCHEMA,
      Severity.HIGH,
      "reprocess the partition to the dataset's schema (aurum schema resolve)"),
  UNIT_MISMATCH(Category.SCHEMA, Severity.HIGH, "reprocess or re-fetch the partition"),
  UNKNOWN_SERIES(
      Category.SCHEMA, Severity.MEDIUM, "check the catalog; re-fetch the partition if wrong"),
  MISSING_PARTITION(Category.COMPLETENESS, Severity.HIGH, "backfill the missing periods"),
  PARTIAL_DAY(Category.COMPLETENESS, Severity.MEDIUM, "replay the partition"),
  NON_FINITE_VALUE(
      Category.ACCURACY,
      Severity.CRITICAL,
      "roll back to the last good version or re-fetch the partition"),
  OUT_OF_BOUNDS(
      Category.ACCURACY,
      Severity.HIGH,
      "roll back to the last good version or re-fetch the partition"),
  OUTLIER(
      Category.ACCURACY,
      Severity.LOW,
      "compare with upstream; re-fetch the partition if upstream disagrees"),
  SPIKE(
      Category.ACCURACY,
      Severity.LOW,
      "compare with upstream; re-fetch the partition if upstream disagrees"),
  FAILED_OPERATION(
      Category.OPERATIONAL, Severity.HIGH, "read its failure log, then resume or replay"),
  CANCELLED_OPERATION(
      Category.OPERATIONAL, Severity.LOW, "check its range is covered by a later operation"),
  STALLED_OPERATION(
      Category.OPERATIONAL,
      Severity.HIGH,
      "its runner stopped heartbeating: resume it (aurum resume) or cancel it"),
  UNRESOLVED_CONFLICT(
      Category.OPERATIONAL, Severity.HIGH, "resolve it (aurum conflicts resolve) or discard it"),
  STAGED_NOT_PUBLISHED(
      Category.OPERATIONAL,
      Severity.MEDIUM,
      "its operation ended without publishing it: aurum cleanup, then replay the period"),
  UPSTREAM_MISMATCH(
      Category.ACCURACY,
      Severity.HIGH,
      "upstream now serves other rows for the partition: re-fetch it (selective replay)"),
  AUDIT_CHAIN_BREAK(
      Category.OPERATIONAL,
      Severity.CRITICAL,
      "the audit trail was edited outside Aurum: restore from a backup and investigate access"),
  BREAKER_OPEN(
      Category.OPERATIONAL,
      Severity.MEDIUM,
      "upstream is refusing requests: wait for the breaker to close before recovering"),
  QUOTA_WINDOW(
      Category.OPERATIONAL,
      Severity.LOW,
      "wait until the window resets before recovering, or lower the concurrency of running"
          + " operations (aurum adjust)");

  private final Category category;
  private final Severity severity;
  private final String action;

  Kind(Category category, Severity severity, String action) {
    this.category = category;
    this.severity = severity;
    this.action = action;
  }

  public Category category() {
    return category;
  }

  public Severity severity() {
    return severity;
  }

  public String action() {
    return action;
  }

  /** The lower-case name used in reports, e.g. {@code checksum_mismatch}. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
