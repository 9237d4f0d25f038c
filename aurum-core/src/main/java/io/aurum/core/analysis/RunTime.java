package io.aurum.core.analysis;

import io.aurum.core.port.AuditLog;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * How long an operation ran, from its audit trail: the sum of its spans in RUNNING (a pause stops
 * the clock), up to {@code now} for a span still open. {@code start} is when it first ran, or null
 * when it never did. This is the compute time that costs count.
 */
public record RunTime(Instant start, Duration total) {

  public static RunTime of(List<AuditLog.Entry> trail, Instant now) {
    Instant start = null;
    Duration run = Duration.ZERO;
    Instant spanStart = null;
    for (AuditLog.Entry e : trail) {
      if (!e.action().equals("operation.state")) {
        continue;
      }
      String d = e.detail();
      if (d.contains("->RUNNING")) {
        spanStart = e.at();
        start = start == null ? e.at() : start;
      } else if (d.startsWith("RUNNING->") && spanStart != null) {
        run = run.plus(Duration.between(spanStart, e.at()));
        spanStart = null;
      }
    }
    if (spanStart != null) {
      run = run.plus(Duration.between(spanStart, now));
    }
    return new RunTime(start, run);
  }
}
