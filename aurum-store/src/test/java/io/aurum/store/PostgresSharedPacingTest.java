package io.aurum.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.aurum.core.config.SourceQuota;
import io.aurum.core.port.SharedPacing;
import io.aurum.store.testing.StoreFixtures;
import io.aurum.store.testing.TestDatabase;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The request slots shared by every process on PostgreSQL (migration V096): two stores, each with
 * its own connection pool, stand for two processes. The slots are read back from the database,
 * where its clock put them.
 */
class PostgresSharedPacingTest {
  private static final Duration MAX_UNANSWERED = Duration.ofMinutes(2);

  /** A bound on an answer too loose to matter: the time the report arrives decides. */
  private static final Duration LATE = Duration.ofHours(1);

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

  private SharedPacing pacing(JdbcStore s) {
    return s.quotaLedger().sharedPacing().orElseThrow();
  }

  @Test
  void slots_are_never_closer_than_the_interval_across_processes() throws Exception {
    Duration interval = Duration.ofMillis(10);
    ExecutorService pool = Executors.newFixedThreadPool(6);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < 6; t++) {
        SharedPacing p = pacing(t % 2 == 0 ? one : two);
        done.add(
            pool.submit(
                () -> {
                  for (int i = 0; i < 10; i++) {
                    // 60 slots 10 ms apart stay within the one-second horizon.
                    SharedPacing.Slot slot =
                        p.reserve("eia/k", interval, List.of(), MAX_UNANSWERED);
                    assertThat(slot.reserved()).isTrue();
                    p.answered(slot.requestId(), LATE);
                  }
                  return null;
                }));
      }
      for (Future<?> f : done) {
        f.get();
      }
    } finally {
      pool.shutdownNow();
    }
    List<long[]> rows = requests("eia/k");
    assertThat(rows).hasSize(60);
    for (int i = 1; i < rows.size(); i++) {
      assertThat(rows.get(i)[0] - rows.get(i - 1)[0])
          .as("gap before slot %d", i)
          .isGreaterThanOrEqualTo(interval.toNanos() / 1000);
    }
  }

  @Test
  void a_full_window_waits_until_a_period_after_the_first_answer() throws Exception {
    List<SourceQuota.Limit> windows = List.of(new SourceQuota.Limit(3, Duration.ofSeconds(1)));
    for (int i = 0; i < 3; i++) {
      SharedPacing p = pacing(i % 2 == 0 ? one : two);
      p.answered(
          p.reserve("fred/k", Duration.ofMillis(1), windows, MAX_UNANSWERED).requestId(), LATE);
    }
    SharedPacing.Slot fourth = reserveWhenDue(pacing(two), "fred/k", windows);
    List<long[]> rows = requests("fred/k");
    assertThat(rows).hasSize(4);
    long firstAnswer = rows.stream().limit(3).mapToLong(r -> r[1]).min().orElseThrow();
    assertThat(rows.get(3)[0]).isGreaterThanOrEqualTo(firstAnswer + 1_000_000);
    assertThat(fourth.reserved()).isTrue();
  }

  @Test
  void a_slot_beyond_the_horizon_is_not_reserved() {
    List<SourceQuota.Limit> windows = List.of(new SourceQuota.Limit(2, Duration.ofSeconds(1)));
    pacing(one)
        .answered(
            pacing(one).reserve("cpi/k", Duration.ofMillis(1), windows, MAX_UNANSWERED).requestId(),
            LATE);
    pacing(two)
        .answered(
            pacing(two).reserve("cpi/k", Duration.ofMillis(1), windows, MAX_UNANSWERED).requestId(),
            LATE);
    SharedPacing.Slot third =
        pacing(one).reserve("cpi/k", Duration.ofMillis(1), windows, MAX_UNANSWERED);
    assertThat(third.reserved()).as("its slot is a second ahead, the horizon half that").isFalse();
    assertThat(db.count("SELECT count(*) FROM quota_requests WHERE lane = 'cpi/k'")).isEqualTo(2);
  }

  @Test
  void an_unanswered_request_keeps_counting_as_if_it_arrived_now() throws Exception {
    List<SourceQuota.Limit> windows = List.of(new SourceQuota.Limit(2, Duration.ofSeconds(1)));
    SharedPacing.Slot a =
        pacing(one).reserve("noaa/k", Duration.ofMillis(1), windows, MAX_UNANSWERED);
    SharedPacing.Slot b =
        pacing(two).reserve("noaa/k", Duration.ofMillis(1), windows, MAX_UNANSWERED);
    SharedPacing.Slot third =
        pacing(one).reserve("noaa/k", Duration.ofMillis(1), windows, MAX_UNANSWERED);
    assertThat(third.reserved()).isFalse();
    Thread.sleep(third.delay().toMillis() + 1);
    assertThat(
            pacing(one).reserve("noaa/k", Duration.ofMillis(1), windows, MAX_UNANSWERED).reserved())
        .as("still in flight after the wait it was told: still counting")
        .isFalse();
    pacing(one).answered(a.requestId(), LATE);
    pacing(two).answered(b.requestId(), LATE);
    SharedPacing.Slot after = reserveWhenDue(pacing(one), "noaa/k", windows);
    List<long[]> rows = requests("noaa/k");
    assertThat(rows.get(2)[0])
        .isGreaterThanOrEqualTo(Math.min(rows.get(0)[1], rows.get(1)[1]) + 1_000_000);
    assertThat(after.reserved()).isTrue();
  }

  @Test
  void an_answer_counts_from_the_earlier_of_the_callers_bound_and_its_report() throws Exception {
    SharedPacing p = pacing(one);
    SharedPacing.Slot tight = p.reserve("bls/k", Duration.ofMillis(1), List.of(), MAX_UNANSWERED);
    SharedPacing.Slot loose = p.reserve("bls/k", Duration.ofMillis(1), List.of(), MAX_UNANSWERED);
    // The report reaches the database well after the caller's 3 ms bound, so the bound counts (on
    // a quiet machine a report sent at once arrived 2.9 ms after its slot, before the bound).
    Thread.sleep(20);
    p.answered(tight.requestId(), Duration.ofMillis(3));
    p.answered(loose.requestId(), LATE);
    p.answered(loose.requestId(), Duration.ZERO);
    List<long[]> rows = requests("bls/k");
    assertThat(rows.get(0)[1]).isEqualTo(rows.get(0)[0] + 3_000);
    assertThat(rows.get(1)[1])
        .as("the report's time, and the first report only")
        .isBetween(rows.get(1)[0], rows.get(1)[0] + LATE.toNanos() / 1000 - 1);
  }

  /** Asks for a slot until one is reserved, waiting as told in between. */
  private static SharedPacing.Slot reserveWhenDue(
      SharedPacing p, String lane, List<SourceQuota.Limit> windows) throws InterruptedException {
    for (int i = 0; i < 20; i++) {
      SharedPacing.Slot s = p.reserve(lane, Duration.ofMillis(1), windows, MAX_UNANSWERED);
      if (s.reserved()) {
        return s;
      }
      Thread.sleep(s.delay().toMillis() + 1);
    }
    throw new AssertionError("no slot after 20 tries");
  }

  @Test
  void a_429_seen_by_one_process_holds_every_process() throws Exception {
    SharedPacing.Hold first = pacing(one).throttled("eia/k", Duration.ofSeconds(30));
    SharedPacing.Hold echo = pacing(two).throttled("eia/k", Duration.ofSeconds(1));
    assertThat(first.fresh()).isTrue();
    assertThat(echo.fresh()).as("a hold was in force: an echo").isFalse();
    assertThat(echo.remaining()).isGreaterThan(Duration.ofSeconds(1));
    SharedPacing.Slot held =
        pacing(two).reserve("eia/k", Duration.ofMillis(50), List.of(), MAX_UNANSWERED);
    assertThat(held.reserved()).isFalse();
    assertThat(held.delay())
        .as("until a horizon before the hold ends")
        .isGreaterThan(Duration.ofSeconds(20));
  }

  @Test
  void lanes_pace_apart() throws Exception {
    pacing(one).reserve("iso/pjm:k", Duration.ofHours(1), List.of(), MAX_UNANSWERED);
    pacing(one).reserve("iso/nyiso:k", Duration.ofHours(1), List.of(), MAX_UNANSWERED);
    long pjmNext = db.count("SELECT next_free_us FROM quota_pacing WHERE lane = 'iso/pjm:k'");
    assertThat(requests("iso/nyiso:k").get(0)[0]).isLessThan(pjmNext);
  }

  @Test
  void sqlite_has_no_shared_pacing() {
    try (TestDatabase lite = StoreFixtures.sqlite(tmp);
        JdbcStore s = lite.open()) {
      assertThat(s.quotaLedger().sharedPacing()).isEmpty();
    }
  }

  /** The lane's requests, by slot: {start_us, answered_us (0: none)}. */
  private List<long[]> requests(String lane) throws Exception {
    List<long[]> out = new ArrayList<>();
    try (Connection c = db.raw();
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT start_us, coalesce(answered_us, 0) FROM quota_requests WHERE lane = ?"
                    + " ORDER BY start_us, id")) {
      ps.setString(1, lane);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(new long[] {rs.getLong(1), rs.getLong(2)});
        }
      }
    }
    return out;
  }
}
