package io.aurum.app.cli;

import io.aurum.app.wiring.AppContext;
import io.aurum.app.wiring.Locations;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;

/** Plumbing of the operation controls: options, and a context opened for one run. */
abstract class ControlTool implements Callable<Integer> {
  final CliContext cli;
  @Mixin CommonOptions common;
  @Mixin JobIdOption job;

  ControlTool(CliContext cli) {
    this.cli = cli;
  }

  @Override
  public Integer call() {
    Logging.configure(common.logLevel());
    try (AppContext app = AppContext.open(cli, () -> Locations.resolve(common, cli))) {
      return run(app);
    }
  }

  abstract int run(AppContext app);
}
