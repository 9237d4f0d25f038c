package io.aurum.app.cli;

import io.aurum.core.analysis.OperationReport;
import io.aurum.core.model.VersionState;
import java.util.Locale;

/** An operation report as Markdown. */
final class ReportMarkdown {
  private ReportMarkdown() {}

  static String render(OperationReport r) {
    StringBuilder b = new StringBuilder();
    var op = r.operation();
    var c = r.progress().counters();
    b.append("# ").append(op.id()).append("\n\n");
    b.append("| | |\n|---|---|\n");
    row(b, "type", Output.name(op.type()));
    row(b, "source", op.source().cliName());
    row(b, "range", op.spec().startDate() + " .. " + op.spec().endDate());
    row(b, "state", Output.name(op.state()));
    row(b, "reason", op.reason() == null ? "" : op.reason());
    row(b, "actor", op.actor());
    row(b, "run time", Format.duration(r.runTime()));
    row(b, "records", "" + c.records());
    row(b, "API calls", "" + c.apiCalls());
    row(b, "bytes", Format.bytes(c.bytes()));
    row(b, "retries / errors", c.retries() + " / " + c.errors());
    row(b, "cost", String.format(Locale.ROOT, "%.4f %s", r.cost(), r.currency()));
    b.append("\n## Coverage per dataset\n\n");
    b.append(
        "| dataset | partitions | succeeded | failed | other | records |\n|---|---:|---:|---:|---:|---:|\n");
    for (var d : r.datasets()) {
      b.append(
          String.format(
              "| %s | %d | %d | %d | %d | %d |%n",
              d.dataset(), d.partitions(), d.succeeded(), d.failed(), d.other(), d.records()));
    }
    b.append(
        "\n## Estimate vs actual\n\n| metric | estimate | actual | error |\n|---|---:|---:|---:|\n");
    for (var x : r.estimateVsActual()) {
      b.append(
          String.format(
              Locale.ROOT,
              "| %s | %s | %.1f | %s |%n",
              x.metric(),
              x.estimate() == null ? "-" : String.format(Locale.ROOT, "%.1f", x.estimate()),
              x.actual(),
              x.errorPercent() == null
                  ? "-"
                  : String.format(Locale.ROOT, "%+.1f%%", x.errorPercent())));
    }
    long below = r.quality().stream().filter(q -> q.state() == VersionState.QUARANTINED).count();
    double avg =
        r.quality().stream()
            .mapToDouble(OperationReport.PartitionQuality::score)
            .average()
            .orElse(1);
    b.append(
        String.format(
            Locale.ROOT,
            "%n## Quality%n%n%d version(s), mean score %.4f, %d quarantined%n",
            r.quality().size(),
            avg,
            below));
    if (!r.errors().isEmpty()) {
      b.append("\n## Errors\n\n");
      r.errors().forEach(e -> b.append("- ").append(e).append('\n'));
    }
    return b.toString();
  }

  private static void row(StringBuilder b, String k, String v) {
    b.append("| ").append(k).append(" | ").append(v.replace("|", "\\|")).append(" |\n");
  }
}
