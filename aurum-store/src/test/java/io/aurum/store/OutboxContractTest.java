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
}
