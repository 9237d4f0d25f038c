package io.aurum.app.cli;

import io.aurum.app.wiring.AppContext;
import io.aurum.core.model.Operation;
import io.aurum.core.model.SourceId;
import java.util.List;

/** The command line's checks before a run, for other entry points ({@code aurum serve}). */
public final class ApiChecks {
  private ApiChecks() {}

  /** The source's API key is set (unless in sandbox mode), as before a command line run. */
  public static void credentials(AppContext app, SourceId source, List<String> datasets) {
    Credentials.require(
        source,
        app.config().catalog().select(source, datasets),
        app.locations().sandbox(),
        app.cli());
  }

  public static void credentials(AppContext app, Operation op) {
    credentials(app, op.source(), op.spec().datasets());
  }
}
