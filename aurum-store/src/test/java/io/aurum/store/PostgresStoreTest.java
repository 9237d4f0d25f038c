package io.aurum.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.aurum.store.testing.StoreFixtures;
import io.aurum.store.testing.TestDatabase;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.OffsetDateTime;
import org.junit.jupiter.api.Test;

/**
 * The store contract on PostgreSQL, in a fresh database per test and a non-UTC session time zone.
 */
class PostgresStoreTest extends StoreContractTest {
  @Override
  TestDatabase database(Path dir) {
    return StoreFixtures.postgres();
  }

  @Override
  TestDatabase emptyDatabase(Path dir) {
    return StoreFixtures.postgresEmpty();
  }

  @Override
  String viewPeriod(ResultSet rs) throws Exception {
    return rs.getObject("period", OffsetDateTime.class).toInstant().toString();
  }

  @Test
  void tests_run_in_a_non_utc_session_zone() throws Exception {
    try (Connection c = db.raw();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SHOW TimeZone")) {
      rs.next();
      assertThat(rs.getString(1)).isEqualTo(StoreFixtures.PG_SESSION_ZONE);
    }
  }
}
