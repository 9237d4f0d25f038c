package io.aurum.app.cli;

import io.aurum.core.analysis.Costs;
import java.time.LocalDate;
import java.time.ZoneOffset;
import picocli.CommandLine.Command;

/** {@code aurum costs track|report|profile} (runbook §5.3, docs/costs.md). */
@Command(
    name = "costs",
    mixinStandardHelpOptions = true,
    description = "What operations cost: live per operation, reports per group, and the profiler.",
    subcommands = {CostsTrackCommand.class, CostsReportCommand.class, CostsProfileCommand.class})
public final class CostsCommand {

  /** {@code START:END}, or the last 30 days up to today (UTC) when not given. */
  static LocalDate[] range(String text, CliContext cli) {
    if (text == null) {
      LocalDate today = LocalDate.ofInstant(cli.clock().instant(), ZoneOffset.UTC);
      return new LocalDate[] {today.minusDays(29), today};
    }
    return Costs.range(text);
  }
}
