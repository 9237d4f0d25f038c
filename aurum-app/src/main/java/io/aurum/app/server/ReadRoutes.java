package io.aurum.app.server;

import java.util.List;

/** Read-only views beside operations (viewer). */
final class ReadRoutes {
  private ReadRoutes() {}

  static List<Route> routes(Api api) {
    return List.of();
  }
}
