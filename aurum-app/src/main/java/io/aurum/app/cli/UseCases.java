package io.aurum.app.cli;

import io.aurum.app.wiring.AppContext;
import io.aurum.core.request.RequestRules;
import io.aurum.core.usecase.Backfills;
import io.aurum.core.usecase.Replays;
import io.aurum.core.usecase.Reprocesses;
import io.aurum.core.usecase.Rollbacks;
import io.aurum.core.usecase.Schemas;

/** The core use cases as the CLI wires them: with this process's credentials and connectors. */
final class UseCases {
  private UseCases() {}

  /** The backfill use case, planning with connectors that never call upstream. */
  static Backfills backfills(AppContext app) {
    return new Backfills(app.config(), app.plannerConnectors(), derivation(app));
  }

  /** The replay use case, grouping tasks with connectors that never call upstream. */
  static Replays replays(AppContext app) {
    return new Replays(app.config(), app.plannerConnectors(), derivation(app), app.cli().clock());
  }

  /** The partial reprocess use case, grouping tasks with connectors that never call upstream. */
  static Reprocesses reprocesses(AppContext app) {
    return new Reprocesses(
        app.config(), app.plannerConnectors(), derivation(app), app.cli().clock());
  }

  /** The schema use case, its upgrades created as replays. */
  static Schemas schemas(AppContext app) {
    return new Schemas(app.config(), replays(app));
  }

  /** The rollback use case, backing versions up under the home's backups directory. */
  static Rollbacks rollbacks(AppContext app) {
    return new Rollbacks(app.rollbacks());
  }

  /** What the request rules recompute from the source: its quota key (one per API key). */
  static RequestRules.Derivation derivation(AppContext app) {
    return src ->
        new RequestRules.Derived(Credentials.keyId(src, app.locations().sandbox(), app.cli()));
  }
}
