package io.aurum.app.server;

import java.util.List;

/** Rollback, emergencies, corruption and tokens (admin). */
final class AdminRoutes {
  private AdminRoutes() {}

  static List<Route> routes(Api api) {
    return List.of();
  }
}
