package io.aurum.core.analysis;

import io.aurum.core.conflict.Conflicts;
import io.aurum.core.conflict.ObservationDiff;
import io.aurum.core.error.AurumException;
import io.aurum.core.port.Store;
import io.aurum.core.port.VersionRepository.VersionPair;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code aurum compare quality} (runbook §2.6.2): per dataset, the mean quality score of the
 * versions an operation replaced against those it wrote, and how many values changed.
 */
public final class QualityComparison {
  private QualityComparison() {}

  /** One dataset. {@code before} is NaN when the operation replaced nothing (a first load). */
  public record DatasetQuality(
      String dataset,
      int partitions,
      int replaced,
      double before,
      double after,
      double delta,
      long changedValues,
      long addedValues,
      long removedValues) {}

  public record Result(String operationId, String metric, List<DatasetQuality> datasets) {}

  public static Result compare(Store store, String operationId, String metric) {
    if (!"data_quality_score".equals(metric)) {
      throw new AurumException.BadInput(
          v ->
              "unknown "
                  + v.name("comparison_metric")
                  + " '"
                  + metric
                  + "': use data_quality_score");
    }
    store
        .operations()
        .find(operationId)
        .orElseThrow(() -> AurumException.NotFound.noOperation(operationId));
    Map<String, List<VersionPair>> byDataset = new TreeMap<>();
    for (VersionPair p : store.versions().written(operationId)) {
      byDataset.computeIfAbsent(p.after().partition().dataset(), k -> new ArrayList<>()).add(p);
    }
    List<DatasetQuality> out = new ArrayList<>();
    for (var e : byDataset.entrySet()) {
      double sumBefore = 0;
      double sumAfter = 0;
      int replaced = 0;
      long changed = 0;
      long added = 0;
      long removed = 0;
      for (VersionPair p : e.getValue()) {
        sumAfter += p.after().qualityScore();
        var after = store.versions().observations(p.after().id());
        var before =
            p.before() == null
                ? List.<io.aurum.core.model.Observation>of()
                : store.versions().observations(p.before().id());
        if (p.before() != null) {
          replaced++;
          sumBefore += p.before().qualityScore();
        }
        for (Conflicts.Difference d : ObservationDiff.diff(before, after, null)) {
          if (d.head() == null) {
            added++;
          } else if (d.candidate() == null) {
            removed++;
          } else {
            changed++;
          }
        }
      }
      int n = e.getValue().size();
      double b = replaced == 0 ? Double.NaN : sumBefore / replaced;
      double a = sumAfter / n;
      out.add(
          new DatasetQuality(
              e.getKey(),
              n,
              replaced,
              b,
              a,
              replaced == 0 ? Double.NaN : a - b,
              changed,
              added,
              removed));
    }
    return new Result(operationId, metric, out);
  }
}
