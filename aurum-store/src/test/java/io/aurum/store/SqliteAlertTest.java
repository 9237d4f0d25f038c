package io.aurum.store;

import io.aurum.store.testing.StoreFixtures;
import io.aurum.store.testing.TestDatabase;
import java.nio.file.Path;

/** Alerts on SQLite. */
class SqliteAlertTest extends AlertContractTest {
  @Override
  TestDatabase database(Path tmp) {
    return StoreFixtures.sqlite(tmp);
  }
}
