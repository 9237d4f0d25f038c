package io.aurum.core.conflict;

import io.aurum.core.conflict.Conflicts.Difference;
import io.aurum.core.model.Observation;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/** Two versions' observations compared value by value (series and period). Stateless. */
public final class ObservationDiff {
  private ObservationDiff() {}

  /**
   * The values that differ between {@code head} and {@code candidate}, in series and period order,
   * within {@code window} (every period when null).
   */
  public static List<Difference> diff(
      List<Observation> head, List<Observation> candidate, Set<Instant> window) {
    Map<String, Observation> a = new LinkedHashMap<>();
    head.forEach(o -> a.put(o.seriesId() + "\t" + o.period(), o));
    Map<String, Observation> b = new LinkedHashMap<>();
    candidate.forEach(o -> b.put(o.seriesId() + "\t" + o.period(), o));
    Set<String> keys = new java.util.TreeSet<>(a.keySet());
    keys.addAll(b.keySet());
    List<Difference> out = new ArrayList<>();
    for (String k : keys) {
      Observation x = a.get(k);
      Observation y = b.get(k);
      Observation any = x != null ? x : y;
      if (window != null && !window.contains(any.period())) {
        continue;
      }
      if (x != null && y != null && x.value() == y.value() && Objects.equals(x.unit(), y.unit())) {
        continue;
      }
      out.add(
          new Difference(
              any.seriesId(),
              any.period(),
              x == null ? null : x.value(),
              y == null ? null : y.value()));
    }
    return out;
  }
}
