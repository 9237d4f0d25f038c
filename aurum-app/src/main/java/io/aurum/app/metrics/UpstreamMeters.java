package io.aurum.app.metrics;

import io.aurum.core.model.SourceId;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Timer;
import java.util.concurrent.atomic.AtomicReferenceArray;

/** A source's request counters by HTTP status, and its latency histogram. */
final class UpstreamMeters {
  private final Meters meters;
  private final String source;
  final Timer duration;
  // By status 0..599 (0: no answer); registered on first use.
  private final AtomicReferenceArray<Counter> byStatus = new AtomicReferenceArray<>(600);

  UpstreamMeters(Meters meters, SourceId s) {
    this.meters = meters;
    this.source = EngineMetrics.source(s);
    this.duration =
        meters.timer(
            "aurum.upstream.request.duration",
            "Upstream request latency, from sending to the body's last byte.",
            EngineMetrics.REQUEST_BUCKETS,
            source);
  }

  Counter requests(int status) {
    int i = Math.max(status, 0);
    Counter c = i < 600 ? byStatus.get(i) : null;
    if (c == null) {
      c =
          meters.counter(
              "aurum.upstream.requests",
              "Upstream requests sent, by HTTP status (none: no answer, an I/O error or a timeout).",
              null,
              "source",
              source,
              "status",
              i == 0 ? "none" : Integer.toString(i));
      if (i < 600) {
        byStatus.set(i, c);
      }
    }
    return c;
  }
}
