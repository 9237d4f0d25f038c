package io.aurum.store;

import io.aurum.store.testing.StoreFixtures;
import io.aurum.store.testing.TestDatabase;
import java.nio.file.Path;

/** The relay's outbox on PostgreSQL. */
class PostgresOutboxTest extends OutboxContractTest {
  @Override
  TestDatabase database(Path tmp) {
    return StoreFixtures.postgres();
  }
}
