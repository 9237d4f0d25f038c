package io.aurum.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.aurum.core.relay.Outbox;
import io.aurum.core.testing.MutableClock;
import io.aurum.store.testing.TestDatabase;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The relay's outbox (V100) on every database: one lease holder at a time, taken over when it
 * lapses; a holder whose lease was taken marks nothing; rows in id order; prune by relayed time.
 * Two relays are two stores on the same database, with one settable clock.
 */
abstract class OutboxContractTest {
  static final Duration LEASE = Duration.ofSeconds(10);
  @TempDir Path tmp;
  TestDatabase db;
  MutableClock clock;
  JdbcStore a;
  JdbcStore b;

  abstract TestDatabase database(Path tmp);

  @BeforeEach
  void setUp() throws Exception {
    db = database(tmp);
    clock = new MutableClock(Instant.parse("2024-06-01T12:00:00Z"));
    a = db.open(clock);
    b = db.open(clock);
    try (Connection c = DriverManager.getConnection(db.jdbcUrl());
        PreparedStatement ps =
            c.prepareStatement(
                "INSERT INTO outbox (at, topic, payload) VALUES (?, 'aurum.versions', ?)")) {
      for (int i = 1; i <= 5; i++) {
        ps.setLong(1, clock.millis());
        ps.setString(2, "{\"partition\":\"eia/A/2024-01-0" + i + "\",\"versionId\":" + i + "}");
        ps.executeUpdate();
      }
    }
  }

  @AfterEach
  void tearDown() {
    a.close();
    b.close();
    db.close();
  }

  static List<Long> ids(List<Outbox.Row> rows) {
    return rows.stream().map(Outbox.Row::id).toList();
  }

  @Test
  void one_holder_at_a_time_and_a_lapsed_lease_is_taken_over() {
    List<Outbox.Row> first = a.outbox().claim("a", LEASE, 3).orElseThrow();
    assertThat(first).hasSize(3);
    assertThat(ids(first)).isSorted();
    assertThat(b.outbox().claim("b", LEASE, 3)).isEmpty();

    clock.advance(LEASE.plusSeconds(1)); // a died before marking
    List<Outbox.Row> taken = b.outbox().claim("b", LEASE, 3).orElseThrow();
    assertThat(ids(taken)).isEqualTo(ids(first)); // sent again: at least once
    assertThat(a.outbox().markRelayed("a", ids(first))).as("a lost its lease").isZero();
    assertThat(b.outbox().markRelayed("b", ids(taken))).isEqualTo(3);
    assertThat(b.outbox().unrelayed()).isEqualTo(2);
    assertThat(ids(b.outbox().claim("b", LEASE, 10).orElseThrow())).hasSize(2);
  }

  @Test
  void a_released_lease_is_free_at_once() {
    assertThat(a.outbox().claim("a", LEASE, 1)).isPresent();
    a.outbox().release("a");
    assertThat(b.outbox().claim("b", LEASE, 1)).isPresent();
  }

  @Test
  void prune_deletes_only_rows_relayed_before_the_cut() {
    List<Outbox.Row> rows = a.outbox().claim("a", LEASE, 2).orElseThrow();
    a.outbox().markRelayed("a", ids(rows));
    clock.advance(Duration.ofDays(8));
    assertThat(a.outbox().pruneRelayed(clock.instant().minus(Duration.ofDays(7)))).isEqualTo(2);
    assertThat(a.outbox().unrelayed()).isEqualTo(3);
    assertThat(a.outbox().pruneRelayed(clock.instant())).isZero();
  }

  /**
   * The relay's gauges: every unrelayed row counts, those an isolation holds count as held, and the
   * lag is dated by the first row the relay may send, held ones skipped.
   */
  @Test
  void the_backlog_counts_held_rows_and_dates_the_first_sendable_one() throws Exception {
    Instant base = clock.instant();
    try (Connection c = DriverManager.getConnection(db.jdbcUrl());
        PreparedStatement ps =
            c.prepareStatement(
                "UPDATE outbox SET at = ? WHERE payload LIKE ?")) { // row i written i minutes on
      for (int i = 1; i <= 5; i++) {
        ps.setLong(1, base.plus(Duration.ofMinutes(i)).toEpochMilli());
        ps.setString(2, "%2024-01-0" + i + "%");
        assertThat(ps.executeUpdate()).isEqualTo(1);
      }
    }
    assertThat(a.outbox().backlog())
        .isEqualTo(new Outbox.Backlog(5, 0, base.plus(Duration.ofMinutes(1))));
    a.outbox().markRelayed("a", ids(a.outbox().claim("a", LEASE, 2).orElseThrow()));
    assertThat(a.outbox().backlog())
        .isEqualTo(new Outbox.Backlog(3, 0, base.plus(Duration.ofMinutes(3))));

    // A strict corruption isolation holds its partition's row: the next one dates the lag.
    try (Connection c = DriverManager.getConnection(db.jdbcUrl());
        PreparedStatement ps =
            c.prepareStatement(
                "INSERT INTO corruption_isolations (id, source, dataset, period, partition_key,"
                    + " mode, actor, isolated_at) VALUES (1, 'eia', 'A', '2024-01-03',"
                    + " 'eia/A/2024-01-03', 'STRICT', 'test', ?)")) {
      ps.setLong(1, clock.millis());
      ps.executeUpdate();
    }
    assertThat(a.outbox().backlog())
        .isEqualTo(new Outbox.Backlog(3, 1, base.plus(Duration.ofMinutes(4))));

    // The source isolated with --isolate-kafka: every row held, nothing to send.
    try (Connection c = DriverManager.getConnection(db.jdbcUrl());
        PreparedStatement ps =
            c.prepareStatement(
                "INSERT INTO emergencies (id, kind, scope_source, isolate_kafka, actor,"
                    + " declared_at) VALUES (1, 'ISOLATION', 'eia', ?, 'test', ?)")) {
      ps.setBoolean(1, true);
      ps.setLong(2, clock.millis());
      ps.executeUpdate();
    }
    assertThat(a.outbox().backlog()).isEqualTo(new Outbox.Backlog(3, 3, null));

    try (Connection c = DriverManager.getConnection(db.jdbcUrl());
        java.sql.Statement st = c.createStatement()) {
      st.executeUpdate("UPDATE emergencies SET released_at = 1");
      st.executeUpdate("UPDATE corruption_isolations SET released_at = 1");
    }
    assertThat(a.outbox().backlog())
        .isEqualTo(new Outbox.Backlog(3, 0, base.plus(Duration.ofMinutes(3))));
    a.outbox().markRelayed("a", ids(a.outbox().claim("a", LEASE, 10).orElseThrow()));
    assertThat(a.outbox().backlog()).isEqualTo(new Outbox.Backlog(0, 0, null));
  }
}
