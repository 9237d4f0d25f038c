package io.aurum.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A SQLite database made before V042 (heads as a rowid table, audit_log keyed by a BIGINT) keeps
 * its heads, its audit chain and the current-observations view when it is migrated.
 */
class SqliteMigrationTest {
  @Test
  void v042KeepsHeadsAuditChainAndView(@TempDir Path dir) throws Exception {
    String url = "jdbc:sqlite:" + dir.resolve("old.db");
    Flyway.configure()
        .dataSource(url, null, null)
        .locations("classpath:db/migration/common", "classpath:db/migration/sqlite")
        .target("041")
        .load()
        .migrate();
    String prev = JdbcAuditLog.GENESIS;
    Instant at = Instant.parse("2026-01-01T00:00:00Z");
    try (Connection c = DriverManager.getConnection(url);
        Statement s = c.createStatement()) {
      s.execute(
          "INSERT INTO partition_versions (id, source, dataset, period, version_no, state,"
              + " record_count, created_at) VALUES (7, 'EIA', 'ELEC.DEMAND', '2024-01-01', 1,"
              + " 'PUBLISHED', 1, 0)");
      s.execute(
          "INSERT INTO observations (version_id, series_id, period, value, unit)"
              + " VALUES (7, 'EBA.PJM-ALL.D.H', 1704085200, 42.5, 'MWh')");
      s.execute(
          "INSERT INTO heads (source, dataset, period, version_id, operation_id, record_count,"
              + " complete, updated_at) VALUES ('EIA', 'ELEC.DEMAND', '2024-01-01', 7, 'op', 1,"
              + " 1, 0)");
      for (int seq = 1; seq <= 3; seq++) {
        String hash = JdbcAuditLog.hash(prev, at, "alice", "op", "step", "detail " + seq);
        s.execute(
            "INSERT INTO audit_log (seq, at, actor, operation_id, action, detail, prev_hash, hash)"
                + String.format(
                    " VALUES (%d, %d, 'alice', 'op', 'step', 'detail %d', '%s', '%s')",
                    seq, at.toEpochMilli(), seq, prev, hash));
        prev = hash;
      }
    }

    try (JdbcStore store = JdbcStore.open(url, 2, Clock.fixed(at, ZoneOffset.UTC))) {
      assertThat(store.audit().entries(null)).hasSize(3);
      assertThat(store.audit().firstBrokenEntry()).isEqualTo(-1);
      store.audit().append("bob", "op", "after", null);
      assertThat(store.audit().entries(null))
          .extracting(e -> e.seq())
          .containsExactly(1L, 2L, 3L, 4L);
      assertThat(store.audit().firstBrokenEntry()).isEqualTo(-1);
    }
    try (Connection c = DriverManager.getConnection(url);
        Statement s = c.createStatement()) {
      try (ResultSet rs =
          s.executeQuery("SELECT series_id, period, value, version_no FROM current_observations")) {
        assertThat(rs.next()).isTrue();
        assertThat(rs.getString(1)).isEqualTo("EBA.PJM-ALL.D.H");
        assertThat(rs.getString(2)).isEqualTo("2024-01-01T05:00:00Z");
        assertThat(rs.getDouble(3)).isEqualTo(42.5);
        assertThat(rs.getInt(4)).isEqualTo(1);
        assertThat(rs.next()).isFalse();
      }
      try (ResultSet rs =
          s.executeQuery(
              "SELECT name, sql FROM sqlite_master WHERE name IN ('heads', 'audit_log')"
                  + " ORDER BY name")) {
        assertThat(rs.next()).isTrue();
        assertThat(rs.getString(2)).contains("seq          INTEGER      PRIMARY KEY");
        assertThat(rs.next()).isTrue();
        assertThat(rs.getString(2)).endsWith("WITHOUT ROWID");
      }
      // The two B-trees the migration removes are gone.
      try (ResultSet rs =
          s.executeQuery(
              "SELECT count(*) FROM sqlite_master WHERE name IN"
                  + " ('sqlite_autoindex_heads_1', 'sqlite_autoindex_audit_log_1')")) {
        rs.next();
        assertThat(rs.getInt(1)).isZero();
      }
    }
  }
}
