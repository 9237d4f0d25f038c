package io.aurum.app.cli;

import java.util.concurrent.atomic.AtomicLong;

/**
 * What one run of an operation did in this process, for the summary {@link EventLog} logs when it
 * ends. Thread-safe: workers count into it.
 */
final class RunTally {
  final AtomicLong published = new AtomicLong();
  final AtomicLong rows = new AtomicLong();
  final AtomicLong failed = new AtomicLong();
  final AtomicLong quarantined = new AtomicLong();
  final AtomicLong skipped = new AtomicLong();
  final AtomicLong conflicts = new AtomicLong();
  final AtomicLong retries = new AtomicLong();

  /** E.g. "120 partition(s) published (2880 rows), 1 failed (1 quarantined), 0 skipped, ...". */
  String summary() {
    return published.get()
        + " partition(s) published ("
        + rows.get()
        + " rows), "
        + failed.get()
        + " failed ("
        + quarantined.get()
        + " quarantined), "
        + skipped.get()
        + " skipped, "
        + conflicts.get()
        + " conflict(s), "
        + retries.get()
        + " retried";
  }
}
