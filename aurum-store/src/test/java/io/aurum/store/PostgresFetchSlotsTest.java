package io.aurum.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.aurum.core.port.FetchSlots;
import io.aurum.store.testing.StoreFixtures;
import io.aurum.store.testing.TestDatabase;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fetch slots shared by every process on PostgreSQL (migration V097, {@code max_concurrency}
 * across processes): two stores, each with its own connection pool, stand for two processes; a
 * holder that never renews (a slot taken in plain SQL) stands for a process killed with kill -9.
 */
class PostgresFetchSlotsTest {
  private static final Duration LEASE = Duration.ofSeconds(10);

  @TempDir Path tmp;
  TestDatabase db;
  JdbcStore one;
  JdbcStore two;

  @BeforeEach
  void setUp() {
    db = StoreFixtures.postgres();
    one = db.open();
    two = db.open();
  }

  @AfterEach
  void tearDown() {
    one.close();
    two.close();
    db.close();
  }

  private static FetchSlots slots(JdbcStore s) {
    return s.quotaLedger().fetchSlots().orElseThrow();
  }

  @Test
  void two_processes_together_never_hold_more_than_the_cap() throws Exception {
    int cap = 2;
    AtomicInteger inFlight = new AtomicInteger();
    AtomicInteger most = new AtomicInteger();
    AtomicInteger fetches = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < 8; t++) {
        FetchSlots s = slots(t % 2 == 0 ? one : two);
        done.add(
            pool.submit(
                () -> {
                  for (int i = 0; i < 40; i++) {
                    OptionalLong ticket = s.take("eia/k", cap, LEASE);
                    if (ticket.isEmpty()) {
                      Thread.sleep(1);
                      continue;
                    }
                    int now = inFlight.incrementAndGet();
                    most.accumulateAndGet(now, Math::max);
                    fetches.incrementAndGet();
                    Thread.sleep(3);
                    inFlight.decrementAndGet();
                    s.release(ticket.getAsLong());
                  }
                  return null;
                }));
      }
      for (Future<?> f : done) {
        f.get(60, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(most.get()).as("fetches in flight at once, both processes").isEqualTo(cap);
    assertThat(fetches.get()).isGreaterThan(cap);
    assertThat(held("eia/k")).as("every slot was freed").isZero();
  }

  @Test
  void a_full_lane_refuses_until_a_slot_is_freed_and_lanes_count_apart() {
    long a = slots(one).take("eia/k", 2, LEASE).orElseThrow();
    slots(one).take("eia/k", 2, LEASE).orElseThrow();
    assertThat(slots(two).take("eia/k", 2, LEASE)).isEmpty();
    assertThat(slots(two).take("iso/pjm:k", 1, LEASE)).as("another lane").isPresent();
    assertThat(slots(two).take("iso/pjm:k", 1, LEASE)).isEmpty();
    slots(one).release(a);
    slots(one).release(a); // idempotent
    assertThat(slots(two).take("eia/k", 2, LEASE)).isPresent();
    assertThat(slots(one).take("eia/k", 2, LEASE)).isEmpty();
    assertThat(slots(one).take("eia/k", 3, LEASE))
        .as("a process configured with a larger cap has more slots")
        .isPresent();
  }

  @Test
  void a_dead_holders_slot_comes_back_once_its_lease_runs_out() throws Exception {
    long taken;
    try (Connection c = db.raw();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT aurum_slot_take('eia/k', 1, 'dead@host', 1500000)")) {
      rs.next();
      taken = rs.getLong(1);
    }
    assertThat(taken).isPositive();
    long t0 = System.nanoTime();
    assertThat(slots(one).take("eia/k", 1, LEASE)).as("held by the dead process").isEmpty();
    OptionalLong got = OptionalLong.empty();
    while (got.isEmpty() && System.nanoTime() - t0 < TimeUnit.SECONDS.toNanos(10)) {
      Thread.sleep(50);
      got = slots(one).take("eia/k", 1, LEASE);
    }
    assertThat(got).isPresent();
    assertThat(Duration.ofNanos(System.nanoTime() - t0))
        .as("free once its 1.5 s lease ran out, not before")
        .isBetween(Duration.ofMillis(1000), Duration.ofSeconds(5));
    assertThat(holder("eia/k")).isNotEqualTo("dead@host");
  }

  @Test
  void a_live_holder_keeps_its_slot_past_the_lease_by_renewing_it() throws Exception {
    long ticket = slots(one).take("fred/k", 1, Duration.ofMillis(900)).orElseThrow();
    Thread.sleep(2_500);
    assertThat(slots(two).take("fred/k", 1, LEASE)).as("renewed while it lives").isEmpty();
    slots(one).release(ticket);
    assertThat(slots(two).take("fred/k", 1, LEASE)).isPresent();
  }

  @Test
  void closing_a_store_frees_the_slots_it_holds() {
    slots(one).take("noaa/k", 1, LEASE).orElseThrow();
    assertThat(slots(two).take("noaa/k", 1, LEASE)).isEmpty();
    one.close();
    assertThat(slots(two).take("noaa/k", 1, LEASE)).isPresent();
  }

  @Test
  void a_database_migrated_past_v097_before_it_existed_gets_it() throws Exception {
    // As a database left by a build that had V100 and V105 but not yet V097.
    try (Connection c = db.raw();
        Statement s = c.createStatement()) {
      s.execute("DROP FUNCTION aurum_slot_take(TEXT, INT, TEXT, BIGINT)");
      s.execute("DROP TABLE fetch_slots");
      s.execute("DROP SEQUENCE fetch_slot_tickets");
      s.execute("DELETE FROM flyway_schema_history WHERE version = '097'");
    }
    try (JdbcStore again = db.open()) {
      assertThat(slots(again).take("eia/k", 1, LEASE)).isPresent();
    }
  }

  @Test
  void sqlite_has_no_shared_fetch_slots() {
    try (TestDatabase lite = StoreFixtures.sqlite(tmp);
        JdbcStore s = lite.open()) {
      assertThat(s.quotaLedger().fetchSlots()).isEmpty();
    }
  }

  private long held(String lane) {
    return db.count(
        "SELECT count(*) FROM fetch_slots WHERE ticket IS NOT NULL AND lane = '" + lane + "'");
  }

  private String holder(String lane) throws Exception {
    try (Connection c = db.raw();
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT holder FROM fetch_slots WHERE lane = ? AND ticket IS NOT NULL")) {
      ps.setString(1, lane);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getString(1);
      }
    }
  }
}
