package io.aurum.app.cli;

import io.aurum.app.wiring.AppContext;
import io.aurum.core.alert.Alerts;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code aurum alerts list}: every rule with its alert's state. */
@Command(
    name = "list",
    mixinStandardHelpOptions = true,
    description = "Alert rules and where each alert stands: inactive, pending, firing, resolved.")
public final class AlertsList extends Tool {
  @Mixin FormatOption formats;

  String format = "table";

  public AlertsList(CliContext cli) {
    super(cli);
  }

  @Override
  void validate() {
    format = formats.of("table", "json", "csv");
  }

  @Override
  int run(AppContext app) {
    List<Alerts.Listed> shown =
        app.existingStore().map(s -> new Alerts(s, cli.clock()).list()).orElse(List.of());
    if (shown.isEmpty() && format.equals("table")) {
      cli.out().println("no alert rule: add them with aurum alerts configure");
      cli.out().flush();
      return 0;
    }
    Render.print(format, AlertViews.rules(shown), cli.out());
    return 0;
  }
}
