package io.aurum.app.engine;

import io.aurum.store.testing.StoreFixtures;
import io.aurum.store.testing.TestDatabase;
import java.nio.file.Path;

class PostgresEngineTest extends EngineContractTest {
  @Override
  TestDatabase database(Path tmp) {
    return StoreFixtures.postgres();
  }
}
