package io.aurum.store;

import io.aurum.store.testing.StoreFixtures;
import io.aurum.store.testing.TestDatabase;
import java.nio.file.Path;

/** The engine's races, step by step, on SQLite. */
class SqliteEngineRaceTest extends EngineRaceContractTest {
  @Override
  TestDatabase database(Path tmp) {
    return StoreFixtures.sqlite(tmp);
  }
}
