package io.aurum.app.cli;

import io.aurum.core.conflict.Conflicts;
import java.io.PrintWriter;
import java.nio.file.Path;

/** How {@code conflicts detect} shows differing values, overlaps and its summary. */
final class ConflictsView {
  private ConflictsView() {}

  /** One row per differing value: partition, series, period, both values and the versions. */
  static Render.Table differences(Conflicts.Report r) {
    Render.Table t =
        Render.Table.of("partition", "series", "period", "head", "candidate", "versions");
    for (Conflicts.Conflict c : r.conflicts()) {
      String versions = versions(c);
      for (Conflicts.Difference d : c.differences()) {
        t.row(
            c.partition().toString(),
            d.series(),
            d.period(),
            value(d.head()),
            value(d.candidate()),
            versions);
      }
    }
    return t;
  }

  /** A stored value as Java prints a double ({@code 83009.0}), so rows match what was written. */
  private static String value(Double v) {
    return v == null ? null : String.valueOf(v);
  }

  /** {@code "v3 OP_A -> v4 quarantined OP_B"}; {@code "-"} for a partition without a head. */
  static String versions(Conflicts.Conflict c) {
    return (c.head() == null ? "-" : "v" + c.head().versionNo() + " " + c.head().operationId())
        + " -> v"
        + c.candidate().versionNo()
        + " "
        + Output.name(c.candidate().state())
        + " "
        + c.candidate().operationId();
  }

  /** The overlapping partitions, one line each, then the counts and the conflict file if any. */
  static void summary(Conflicts.Report r, Path file, PrintWriter out) {
    for (Conflicts.Overlap o : r.overlaps()) {
      out.printf(
          "overlap %s: versions by %s%s%n",
          o.partition(),
          String.join(", ", o.wrote()),
          o.pending().isEmpty() ? "" : "; pending tasks of " + String.join(", ", o.pending()));
    }
    out.printf(
        "%d conflicting partition(s), %d differing value(s), %d overlapping partition(s)%s%n",
        r.conflicts().size(),
        r.differences(),
        r.overlaps().size(),
        file == null ? "" : "; conflict file " + file);
    out.flush();
  }
}
