package io.aurum.store;

import io.aurum.store.testing.StoreFixtures;
import io.aurum.store.testing.TestDatabase;
import java.nio.file.Path;

/** Alerts on PostgreSQL. */
class PostgresAlertTest extends AlertContractTest {
  @Override
  TestDatabase database(Path tmp) {
    return StoreFixtures.postgres();
  }
}
