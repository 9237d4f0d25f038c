package io.aurum.app.cli;

import io.aurum.app.wiring.AppContext;
import picocli.CommandLine.Command;

/** {@code aurum pause}: pauses any operation. */
@Command(
    name = "pause",
    mixinStandardHelpOptions = true,
    description = "Pause an operation: in-flight tasks finish, no new ones start.")
public final class PauseCommand extends ControlTool {
  public PauseCommand(CliContext cli) {
    super(cli);
  }

  @Override
  int run(AppContext app) {
    return OperationControls.pause(app, job.require("pause"));
  }
}
