package io.aurum.app.server;

import java.util.ArrayList;
import java.util.List;

/**
 * The one route table: Javalin serves it, {@link Auth} checks it, the OpenAPI test compares it with
 * openapi.json and the role matrix test walks it. Grouped by area; a console's pages and its event
 * stream join it as further groups.
 */
public final class Routes {
  private Routes() {}

  public static List<Route> table(Api api) {
    List<Route> all = new ArrayList<>();
    all.addAll(SystemRoutes.routes(api));
    all.addAll(OperationsRoutes.routes(api));
    all.addAll(BackfillRoutes.routes(api));
    all.addAll(ReplayRoutes.routes(api));
    all.addAll(ReprocessRoutes.routes(api));
    all.addAll(ControlRoutes.routes(api));
    all.addAll(ReadRoutes.routes(api));
    all.addAll(AdminRoutes.routes(api));
    all.addAll(EventRoutes.routes(api));
    all.addAll(ConsoleRoutes.routes(api));
    return List.copyOf(all);
  }
}
