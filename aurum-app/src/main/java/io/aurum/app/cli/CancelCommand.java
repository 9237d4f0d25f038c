package io.aurum.app.cli;

import io.aurum.app.wiring.AppContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code aurum cancel}: cancels any operation. */
@Command(
    name = "cancel",
    mixinStandardHelpOptions = true,
    description = "Cancel an operation; --force aborts in-flight work too.")
public final class CancelCommand extends ControlTool {
  @Option(names = "--force")
  boolean force;

  public CancelCommand(CliContext cli) {
    super(cli);
  }

  @Override
  int run(AppContext app) {
    return OperationControls.cancel(app, job.require("cancel"), force);
  }
}
