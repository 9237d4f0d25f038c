package io.aurum.store;

import io.aurum.store.testing.StoreFixtures;
import io.aurum.store.testing.TestDatabase;
import java.nio.file.Path;

/** Fencing of publishes on PostgreSQL. */
class PostgresFencingTest extends FencingContractTest {
  @Override
  TestDatabase database(Path dir) {
    return StoreFixtures.postgres();
  }
}
