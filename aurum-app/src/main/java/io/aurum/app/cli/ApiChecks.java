package io.aurum.app.cli;

import io.aurum.app.wiring.AppContext;
import io.aurum.core.model.Operation;
import io.aurum.core.model.SourceId;
import java.util.List;

/**
 * The command line's checks before a run and its use cases as it wires them, for other entry points
 * ({@code aurum serve}).
 */
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

  /** The backfill use case as the command line wires it (planner connectors, quota key). */
  public static io.aurum.core.usecase.Backfills backfills(AppContext app) {
    return UseCases.backfills(app);
  }

  /** The replay use case as the command line wires it. */
  public static io.aurum.core.usecase.Replays replays(AppContext app) {
    return UseCases.replays(app);
  }

  /** The partial reprocess use case as the command line wires it. */
  public static io.aurum.core.usecase.Reprocesses reprocesses(AppContext app) {
    return UseCases.reprocesses(app);
  }

  public static void credentials(AppContext app, Operation op) {
    credentials(app, op.source(), op.spec().datasets());
  }
}
