package io.aurum.app.metrics;

import io.aurum.core.model.SourceId;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;

/** A source's group-commit meters. */
final class StoreMeters {
  final Timer publish;
  final Counter rows;
  final Counter partitions;
  final StoreRate rate = new StoreRate();

  StoreMeters(Meters meters, SourceId s) {
    String src = EngineMetrics.source(s);
    publish =
        meters.timer(
            "aurum.store.publish.duration",
            "Time of one group commit of published versions in the store.",
            EngineMetrics.PUBLISH_BUCKETS,
            src);
    rows =
        meters.counter(
            "aurum.store.published.rows",
            "Rows written to the store by publishes (quarantined versions included).",
            null,
            "source",
            src);
    partitions =
        meters.counter(
            "aurum.store.published.partitions",
            "Versions written to the store by publishes.",
            null,
            "source",
            src);
    Gauge.builder("aurum.store.rows.per.second", rate, StoreRate::value)
        .description(
            "Rows a second the store writes while publishing: a moving average over recent group commits.")
        .tags("source", src)
        .register(meters.registry());
  }

  /** Rows over commit time, both decayed by 0.9 a group commit. */
  static final class StoreRate {
    private double rows;
    private double seconds;

    synchronized void add(long n, Duration d) {
      rows = 0.9 * rows + n;
      seconds = 0.9 * seconds + d.toNanos() / 1e9;
    }

    synchronized double value() {
      return seconds <= 0 ? 0 : rows / seconds;
    }
  }
}
