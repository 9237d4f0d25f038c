package io.aurum.store;

import io.aurum.store.testing.StoreFixtures;
import io.aurum.store.testing.TestDatabase;
import java.nio.file.Path;
import java.sql.ResultSet;

/** The store contract on SQLite (a temporary file). */
class SqliteStoreTest extends StoreContractTest {
  @Override
  TestDatabase database(Path dir) {
    return StoreFixtures.sqlite(dir);
  }

  @Override
  String viewPeriod(ResultSet rs) throws Exception {
    return rs.getString("period");
  }
}
