package io.aurum.app.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.aurum.app.wiring.AppContext;
import io.aurum.app.wiring.Locations;
import io.aurum.core.integrity.Finding;
import io.aurum.core.usecase.IntegrityScans;
import io.aurum.core.usecase.ScanReport;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.function.Function;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The report of a scan command ({@code corruption detect}, {@code emergency assess}): its {@code
 * --output} file, checked before any work, and {@code --format}; runs the scan, writes the report
 * to the file and prints it. Exit 5 when there are findings. Not thread-safe; one per command run.
 */
final class ScanOutput {
  @Option(
      names = "--output",
      paramLabel = "FILE",
      description = "The JSON report file (default corruption_report.json or damage_report.json).")
  Path output;

  // Replaced by default: the runbook runs it again under the same default name. --no-overwrite
  // keeps
  // an existing file, refused (exit 2) as export and report refuse it without --overwrite.
  @Option(
      names = "--overwrite",
      negatable = true,
      defaultValue = "true",
      fallbackValue = "true",
      description =
          "Replace the --output file if it exists (the default); --no-overwrite refuses instead.")
  boolean overwrite = true;

  @Mixin FormatOption formats;

  private String format;
  private OutputFile file;

  /** Checks {@code --format} and the report file, {@code defaultFile} unless given; no work yet. */
  void check(String defaultFile, Locations where) {
    format = formats.of("table", "json");
    file = OutputFile.check(output == null ? Path.of(defaultFile) : output, overwrite, where);
  }

  /** Runs {@code scan} over the store, writes its report to the file and prints it. */
  int run(AppContext app, Function<IntegrityScans, ScanReport> scan) {
    ScanReport r = scan.apply(new IntegrityScans(Tool.store(app), app.config(), app.cli().clock()));
    ObjectNode root = ScanReportJson.of(r);
    file.write(w -> Output.MAPPER.writeValue(w, root));
    PrintWriter out = app.cli().out();
    if (format.equals("json")) {
      Output.json(root, out);
    } else {
      for (Finding f : r.findings()) {
        out.printf(
            "%-8s %-24s %-14s %-24s %s%n",
            Output.name(f.severity()),
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
