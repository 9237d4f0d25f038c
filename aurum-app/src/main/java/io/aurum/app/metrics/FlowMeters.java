package io.aurum.app.metrics;

import io.micrometer.core.instrument.Counter;

/**
 * The counters of one source, dataset and operation type, each registered on its first event (a
 * race registers it once: the registry hands both the same counter).
 */
final class FlowMeters {
  private final Meters meters;
  private final String source;
  private final String dataset;
  private final String type;
  private volatile Counter published;
  private volatile Counter failed;
  private volatile Counter skipped;
  private volatile Counter rows;
  private volatile Counter bytes;

  FlowMeters(Meters meters, String source, String dataset, String type) {
    this.meters = meters;
    this.source = source;
    this.dataset = dataset;
    this.type = type;
  }

  Counter published() {
    Counter c = published;
    return c != null ? c : (published = partitions("published"));
  }

  Counter failed() {
    Counter c = failed;
    return c != null ? c : (failed = partitions("failed"));
  }

  Counter skipped() {
    Counter c = skipped;
    return c != null ? c : (skipped = partitions("skipped"));
  }

  private Counter partitions(String outcome) {
    return meters.counter(
        "aurum.partitions",
        "Partitions (tasks) done, by outcome: published, failed (quarantined included) or skipped.",
        null,
        "source",
        source,
        "dataset",
        dataset,
        "operation_type",
        type,
        "outcome",
        outcome);
  }

  Counter rows() {
    Counter c = rows;
    return c != null
        ? c
        : (rows =
            meters.counter(
                "aurum.rows",
                "Rows (observations) of the versions published.",
                null,
                "source",
                source,
                "dataset",
                dataset,
                "operation_type",
                type));
  }

  Counter bytes() {
    Counter c = bytes;
    return c != null
        ? c
        : (bytes =
            meters.counter(
                "aurum.upstream",
                "Bytes of upstream response bodies read.",
                "bytes",
                "source",
                source,
                "dataset",
                dataset,
                "operation_type",
                type));
  }
}
