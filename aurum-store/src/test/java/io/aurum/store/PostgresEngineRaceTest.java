package io.aurum.store;

import io.aurum.store.testing.StoreFixtures;
import io.aurum.store.testing.TestDatabase;
import java.nio.file.Path;

/** The engine's races, step by step, on PostgreSQL. */
class PostgresEngineRaceTest extends EngineRaceContractTest {
  @Override
  TestDatabase database(Path tmp) {
    return StoreFixtures.postgres();
  }
}
