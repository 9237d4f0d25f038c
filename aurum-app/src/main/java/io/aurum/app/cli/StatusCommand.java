package io.aurum.app.cli;

import io.aurum.app.wiring.AppContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code aurum status}: shows any operation. */
@Command(
    name = "status",
    mixinStandardHelpOptions = true,
    description = "Show an operation: state, tasks, counters, resume point.")
public final class StatusCommand extends ControlTool {
  @Mixin FormatOption formats;

  String format = "table";

  public StatusCommand(CliContext cli) {
    super(cli);
  }

  @Override
  int run(AppContext app) {
    format = formats.of("table", "json");
    StatusView.render(app.control().status(job.require("status")), app.store(), format, cli.out());
    return 0;
  }
}
