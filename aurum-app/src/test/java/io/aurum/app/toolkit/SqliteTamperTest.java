package io.aurum.app.toolkit;

import io.aurum.store.testing.StoreFixtures;
import io.aurum.store.testing.TestDatabase;
import java.nio.file.Path;

class SqliteTamperTest extends TamperContractTest {
  @Override
  TestDatabase database(Path tmp) {
    return StoreFixtures.sqlite(tmp);
  }
}
