package io.aurum.app.cli;

import io.aurum.app.wiring.AppContext;
import io.aurum.app.wiring.Locations;
import io.aurum.core.error.AurumException;
import io.aurum.core.port.Store;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;

/** Plumbing shared by the toolkit commands: options, the context, and a store that must exist. */
abstract class Tool implements Callable<Integer> {
  final CliContext cli;
  @Mixin CommonOptions common;

  Tool(CliContext cli) {
    this.cli = cli;
  }

  @Override
  public Integer call() {
    Logging.configure(common.logLevel());
    validate();
    try (AppContext app = AppContext.open(cli, () -> Locations.resolve(common, cli))) {
      return run(app);
    }
  }

  /** Checks options that need no configuration (formats, sizes) before anything is opened. */
  void validate() {}

  abstract int run(AppContext app);

  /** The store; a missing SQLite database is "not found", and is not created. */
  static Store store(AppContext app) {
    return app.existingStore()
        .orElseThrow(
            () ->
                new AurumException.NotFound(
                    "no data yet: there is no database at "
                        + app.locations().describeDb()
                        + " (run a backfill first)"));
  }
}
