package io.aurum.store;

import io.aurum.store.testing.StoreFixtures;
import io.aurum.store.testing.TestDatabase;
import java.nio.file.Path;

class SqliteSpecFormatTest extends SpecFormatContractTest {
  @Override
  TestDatabase database(Path dir) {
    return StoreFixtures.sqlite(dir);
  }
}
