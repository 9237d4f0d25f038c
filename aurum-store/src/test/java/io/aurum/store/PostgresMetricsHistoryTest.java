package io.aurum.store;

import io.aurum.store.testing.StoreFixtures;
import io.aurum.store.testing.TestDatabase;
import java.nio.file.Path;

/** The metrics history on PostgreSQL. */
class PostgresMetricsHistoryTest extends MetricsHistoryContractTest {
  @Override
  TestDatabase database(Path tmp) {
    return StoreFixtures.postgres();
  }
}
