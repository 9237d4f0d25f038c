package io.aurum.app.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.aurum.core.analysis.PatternComparison;
import io.aurum.core.analysis.QualityComparison;

/** How {@code compare patterns} and {@code compare quality} show their results. */
final class CompareView {
  private CompareView() {}

  /** Per series: both dates' count, mean and deviation, the change of the mean in percent. */
  static Render.Table patterns(PatternComparison.Result r) {
    Render.Table t =
        Render.Table.of(
            "dataset",
            "series",
            "n1",
            "mean1",
            "sd1",
            "n2",
            "mean2",
            "sd2",
            "change_pct",
            "significant");
    for (PatternComparison.SeriesChange c : r.series()) {
      t.row(
          c.dataset(),
          c.series(),
          c.reference().n(),
          new Render.Fixed(c.reference().mean(), 2),
          new Render.Fixed(c.reference().stddev(), 2),
          c.comparison().n(),
          new Render.Fixed(c.comparison().mean(), 2),
          new Render.Fixed(c.comparison().stddev(), 2),
          new Render.Fixed(c.relativeChange() * 100, 1),
          c.significant());
    }
    return t;
  }

  /** The quality comparison as a document; {@code before} and {@code delta} null without one. */
  static ObjectNode qualityJson(QualityComparison.Result r) {
    var root = Output.MAPPER.createObjectNode();
    root.put("operation_id", r.operationId());
    root.put("comparison_metric", r.metric());
    var arr = root.putArray("datasets");
    for (QualityComparison.DatasetQuality d : r.datasets()) {
      var n = arr.addObject();
      n.put("dataset", d.dataset());
      n.put("partitions", d.partitions());
      n.put("replaced", d.replaced());
      if (Double.isNaN(d.before())) {
        n.putNull("before");
        n.putNull("delta");
      } else {
        n.put("before", d.before());
        n.put("delta", d.delta());
      }
      n.put("after", d.after());
      n.put("changed_values", d.changedValues());
      n.put("added_values", d.addedValues());
      n.put("removed_values", d.removedValues());
    }
    return root;
  }

  /** Per dataset: partitions, scores before and after (4 digits) and the values changed. */
  static Render.Table quality(QualityComparison.Result r) {
    Render.Table t =
        Render.Table.of(
            "dataset", "partitions", "before", "after", "delta", "changed", "added", "removed");
    for (QualityComparison.DatasetQuality d : r.datasets()) {
      boolean none = Double.isNaN(d.before());
      t.row(
          d.dataset(),
          d.partitions(),
          none ? null : new Render.Fixed(d.before(), 4),
          new Render.Fixed(d.after(), 4),
          none ? null : new Render.Fixed(d.delta(), 4),
          d.changedValues(),
          d.addedValues(),
          d.removedValues());
    }
    return t;
  }
}
