package io.aurum.store;

import io.aurum.store.testing.StoreFixtures;
import io.aurum.store.testing.TestDatabase;
import java.nio.file.Path;

/** Server tokens on SQLite. */
class SqliteTokensTest extends TokensContractTest {
  @Override
  TestDatabase database(Path tmp) {
    return StoreFixtures.sqlite(tmp);
  }
}
