package io.aurum.store;

import io.aurum.store.testing.StoreFixtures;
import io.aurum.store.testing.TestDatabase;
import java.nio.file.Path;

/** Core's analysis, conflict, rollback and health services on SQLite. */
class SqliteAnalysisTest extends AnalysisContractTest {
  @Override
  TestDatabase database(Path tmp) {
    return StoreFixtures.sqlite(tmp);
  }
}
