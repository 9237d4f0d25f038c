package io.aurum.core.engine;

import io.aurum.core.model.Observation;
import io.aurum.core.quality.Plausibility;
import io.aurum.core.quality.QualityReport;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;

/**
 * What a partition's rejected records ({@link Plausibility}) mean for its publish: the head's
 * values of those points go on, and a fetch none of whose rows is data publishes nothing.
 * Stateless.
 */
final class RejectedRecords {
  private RejectedRecords() {}

  /**
   * Whether the fetch brought rows and the engine rejected every one of them (rows of the head a
   * window merges with do not count: they were not fetched).
   */
  static boolean everyRowRejected(List<Observation> fetched, QualityReport r) {
    if (fetched.isEmpty() || r.rejected().size() < fetched.size()) {
      return false;
    }
    Set<Observation> rejected = Collections.newSetFromMap(new IdentityHashMap<>());
    for (Plausibility.Rejected x : r.rejected()) {
      rejected.add(x.row());
    }
    for (Observation o : fetched) {
      if (!rejected.contains(o)) {
        return false;
      }
    }
    return true;
  }

  /**
   * The head's rows for the points rejected in {@code r} that the candidate has no plausible value
   * of: they stay as published.
   */
  static List<Observation> keptFromHead(QualityReport r, List<Observation> head) {
    Set<String> present = new HashSet<>();
    for (Observation o : r.rows()) {
      present.add(pointKey(o));
    }
    Set<String> wanted = new HashSet<>();
    for (Plausibility.Rejected x : r.rejected()) {
      String k = pointKey(x.row());
      if (!present.contains(k)) {
        wanted.add(k);
      }
    }
    List<Observation> out = new ArrayList<>();
    if (wanted.isEmpty()) {
      return out;
    }
    for (Observation o : head) {
      if (wanted.contains(pointKey(o))) {
        out.add(o);
      }
    }
    return out;
  }

  private static String pointKey(Observation o) {
    return o.seriesId() + '\u0000' + o.period().getEpochSecond();
  }
}
