package io.aurum.core.history;

import io.aurum.core.model.Operation;
import io.aurum.core.model.OperationState;
import io.aurum.core.model.OperationType;
import io.aurum.core.model.SourceId;
import io.aurum.core.port.MetricsHistory.OperationSample;
import io.aurum.core.port.Store;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The use cases of {@code aurum metrics}: the latest figures of each operation (live ones while
 * they run), the export of {@code collect}, and the per-day {@code trends}, all read from the
 * stored history. Thread-safe.
 */
public final class MetricsReadings {
  /** How far back {@link #latest} looks: runs sampled in the last week. */
  public static final Duration LATEST_WINDOW = Duration.ofDays(7);

  private final Store store;
  private final Clock clock;

  public MetricsReadings(Store store, Clock clock) {
    this.store = store;
    this.clock = clock;
  }

  /** An operation's latest sample and the state its row is in now (null when the row is gone). */
  public record Latest(OperationSample sample, OperationState state) {
    public boolean active() {
      return state == OperationState.RUNNING && !sample.last();
    }
  }

  /**
   * The latest sample of each operation sampled in the last week, newest first; with {@code
   * activeOnly}, only operations that are running now and whose run has not ended.
   */
  public List<Latest> latest(SourceId source, boolean activeOnly) {
    Instant now = clock.instant();
    List<Latest> out = new ArrayList<>();
    for (OperationSample s :
        latestOfEach(
            store.history().samples(now.minus(LATEST_WINDOW), now.plusMillis(1), source, null))) {
      Optional<Operation> op = store.operations().find(s.operationId());
      Latest l = new Latest(s, op.map(Operation::state).orElse(null));
      if (!activeOnly || l.active()) {
        out.add(l);
      }
    }
    out.sort((a, b) -> b.sample().at().compareTo(a.sample().at()));
    return out;
  }

  /** The latest sample of each operation of {@code type} sampled in {@code range}, by id. */
  public List<OperationSample> collect(OperationType type, SourceId source, TimeRange range) {
    return latestOfEach(store.history().samples(range.start(), range.end(), source, type));
  }

  /** Per-day figures of the runs that ended in {@code range}, and their trends. */
  public PerformanceTrends.Result trends(
      TimeRange range, List<TrendMetric> metrics, OperationType type, SourceId source) {
    return PerformanceTrends.of(
        range, metrics, store.history().samples(range.start(), range.end(), source, type));
  }

  /** Whether any run was recorded in {@code range}: the report draws trends only then. */
  public boolean any(TimeRange range) {
    return !store.history().samples(range.start(), range.end(), null, null).isEmpty();
  }

  /** Of samples ordered by operation and time, the last of each operation. */
  static List<OperationSample> latestOfEach(List<OperationSample> ordered) {
    Map<String, OperationSample> last = new LinkedHashMap<>();
    ordered.forEach(s -> last.put(s.operationId(), s));
    return new ArrayList<>(last.values());
  }
}
