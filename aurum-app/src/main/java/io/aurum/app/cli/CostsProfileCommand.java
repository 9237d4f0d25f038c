package io.aurum.app.cli;

import io.aurum.app.wiring.AppContext;
import io.aurum.core.analysis.CostProfile;
import io.aurum.core.analysis.Costs;
import io.aurum.core.port.Store;
import java.time.LocalDate;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code aurum costs profile} (runbook §5.3, docs/costs.md): what costs most, what cuts it. */
@Command(
    name = "profile",
    mixinStandardHelpOptions = true,
    description =
        "What cost most in a date range, estimate against actual for finished operations, and what would cut the cost.")
public final class CostsProfileCommand extends Tool {
  @Mixin FormatOption formats;

  @Option(
      names = "--time-range",
      paramLabel = "START:END",
      description = "Days the operations were created (default: last 30).")
  String timeRange;

  private String format;
  private LocalDate[] range;

  public CostsProfileCommand(CliContext cli) {
    super(cli);
  }

  @Override
  void validate() {
    format = formats.of("table", "json");
    range = CostsCommand.range(timeRange, cli);
  }

  @Override
  int run(AppContext app) {
    Store store = store(app);
    Costs costs = new Costs(store, app.config(), cli.clock().instant());
    CostProfile p = CostProfile.build(store, costs, range[0], range[1]);
    if (format.equals("json")) {
      Output.json(CostsJson.profile(p), cli.out());
    } else {
      CostsView.profile(p, cli.out());
    }
    return 0;
  }
}
