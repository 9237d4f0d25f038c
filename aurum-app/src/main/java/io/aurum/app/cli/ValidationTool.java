package io.aurum.app.cli;

import io.aurum.core.analysis.ValidationResult;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Plumbing of the {@code validate} subcommands: formats, and the exit code of a verdict. */
abstract class ValidationTool extends Tool {
  @Mixin FormatOption formats;

  String format = "table";

  @Option(names = "--max-findings", description = "Findings printed in table form (default 100).")
  int maxFindings = 100;

  ValidationTool(CliContext cli) {
    super(cli);
  }

  @Override
  void validate() {
    format = formats.of("table", "json", "ndjson", "csv", "markdown");
  }

  /** Prints {@code r}; exit 5 when it did not pass. */
  int render(ValidationResult r) {
    ValidationView.render(r, format, maxFindings, cli.out());
    return r.passed() ? 0 : 5;
  }
}
