package io.aurum.connectors;

import io.aurum.connectors.http.SizeLimitExceeded;
import io.aurum.core.estimate.Estimator;
import java.io.UncheckedIOException;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * The most rows one request to an upstream may hand on: {@code max_rows_per_request} of {@code
 * upstream_limits.json}, lowered when the heap is small to what fits into it for every fetch that
 * may be in flight at once ({@link Estimator#rowsPerTaskWithin}: the heap less the 64 MB baseline,
 * shared by the tasks in flight, each holding its rows twice at 160 bytes a row). A 256 MB heap
 * (247.5 MB as the serial collector reports it) with one fetch in flight holds 601,292 rows a
 * request; with EIA's five, 120,258. {@link #counting} counts the rows a parser hands on and fails
 * the request the moment they pass the cap, with {@link SizeLimitExceeded} (inside an {@link
 * UncheckedIOException}, since sinks cannot throw it): the task fails permanently, as past a byte
 * limit. Immutable.
 */
public record RowCap(Upstream upstream, long configured, long heap, int tasksInFlight) {

  public RowCap {
    if (configured < 1 || tasksInFlight < 1) {
      throw new IllegalArgumentException("a row cap and the tasks in flight must be positive");
    }
  }

  /** The cap of {@code upstream} with this JVM's maximum heap. */
  public static RowCap of(Upstream upstream, UpstreamLimits limits, int tasksInFlight) {
    return new RowCap(
        upstream, limits.maxRowsPerRequest(), Runtime.getRuntime().maxMemory(), tasksInFlight);
  }

  /** The rows the heap holds per request; {@code Long.MAX_VALUE} for an unbounded heap. */
  public long heapRows() {
    return heap == Long.MAX_VALUE
        ? Long.MAX_VALUE
        : Estimator.rowsPerTaskWithin(heap, tasksInFlight);
  }

  /** The cap a request meets: the configured one, or what the heap holds if that is smaller. */
  public long effective() {
    return Math.min(configured, heapRows());
  }

  /**
   * {@code sink}, counting what it is handed and failing past {@link #effective}. One a request.
   */
  public <T> Consumer<T> counting(Consumer<T> sink, String url) {
    long max = effective();
    long[] n = {0};
    return row -> {
      if (++n[0] > max) {
        throw new UncheckedIOException(new SizeLimitExceeded(reason(url)));
      }
      sink.accept(row);
    };
  }

  /** Why a request stopped: the limit by name and what to do about it, one line. */
  String reason(String url) {
    String name = upstream.name().toLowerCase(Locale.ROOT);
    String head = "the response of " + url + " holds more than " + effective() + " rows";
    if (effective() < configured) {
      return head
          + ", what a "
          + (heap >> 20)
          + " MB heap holds for "
          + tasksInFlight
          + " request(s) in flight (max_rows_per_request of "
          + name
          + " is "
          + configured
          + "): narrow the window (a shorter date range) or give Aurum more memory (--max-memory)";
    }
    return head
        + " (max_rows_per_request of "
        + name
        + "): narrow the window (a shorter date range) or raise max_rows_per_request in "
        + UpstreamLimitsFile.FILE;
  }
}
