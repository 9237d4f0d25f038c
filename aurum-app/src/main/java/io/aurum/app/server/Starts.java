package io.aurum.app.server;

import io.aurum.app.cli.ApiChecks;
import io.aurum.core.model.Operation;

/** What every run the server starts checks first, as a command line run does. */
final class Starts {
  private Starts() {}

  static void credentials(Api api, Operation op) {
    ApiChecks.credentials(api.app(), op);
  }
}
