package io.aurum.app.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.aurum.core.integrity.Finding;
import io.aurum.core.usecase.ScanReport;
import java.io.PrintWriter;

/** Writes a scan report to its file and the screen; exit 5 when there are findings. */
final class ScanOutput {
  private ScanOutput() {}

  static int emit(ScanReport r, OutputFile file, String format, PrintWriter out) {
    ObjectNode root = ScanReportJson.of(r);
    file.write(w -> Output.MAPPER.writeValue(w, root));
    if (format.equals("json")) {
      Output.json(root, out);
    } else {
      for (Finding f : r.findings()) {
        out.printf(
            "%-8s %-24s %-14s %-24s %s%n",
            f.severity(),
            f.kind().label(),
            f.dataset() == null ? "-" : f.dataset(),
            f.partitions().isEmpty()
                ? "-"
                : f.partitions().get(0)
                    + (f.partitions().size() > 1 ? " +" + (f.partitions().size() - 1) : ""),
            f.evidence());
      }
      out.printf(
          "%s report of %s: %d finding(s) in %d partition(s), %d rows, %d checksum(s) in %d ms;"
              + " written to %s%n",
          r.report(),
          r.source().cliName(),
          r.findings().size(),
          r.partitionsScanned(),
          r.rowsScanned(),
          r.checksumsVerified(),
          r.durationMs(),
          file.path());
      out.flush();
    }
    return r.clean() ? 0 : 5;
  }
}
