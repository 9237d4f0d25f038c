package io.aurum.store;

import io.aurum.store.testing.StoreFixtures;
import io.aurum.store.testing.TestDatabase;
import java.nio.file.Path;

/** Fencing of publishes on SQLite. */
class SqliteFencingTest extends FencingContractTest {
  @Override
  TestDatabase database(Path dir) {
    return StoreFixtures.sqlite(dir);
  }
}
