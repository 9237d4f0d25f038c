package io.aurum.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.aurum.core.model.SourceId;
import io.aurum.core.port.QuotaLedger;
import io.aurum.core.port.QuotaLedger.Grant;
import io.aurum.core.port.QuotaLedger.Window;
import io.aurum.store.testing.StoreFixtures;
import io.aurum.store.testing.TestDatabase;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The shared quota ledger and circuit breaker, on both databases. */
abstract class QuotaLedgerContractTest {
  static final Instant NOON = Instant.parse("2024-06-01T12:00:00Z");
  @TempDir Path tmp;
  TestDatabase db;
  JdbcStore store;
  QuotaLedger ledger;

  abstract TestDatabase database(Path dir);

  @BeforeEach
  void setUp() {
    db = database(tmp);
    store = db.open();
    ledger = store.quotaLedger();
  }

  @AfterEach
  void tearDown() {
    store.close();
    db.close();
  }

  @Test
  void a_grant_says_what_is_left_of_each_window() {
    List<Window> windows =
        List.of(new Window(Duration.ofMinutes(1), 5), new Window(Duration.ofHours(1), 100));
    assertThat(ledger.take(SourceId.FRED, "k", windows, NOON))
        .isEqualTo(new Grant.Granted(List.of(4L, 99L)));
    assertThat(ledger.take(SourceId.FRED, "k", windows, NOON.plusSeconds(1)))
        .isEqualTo(new Grant.Granted(List.of(3L, 98L)));
    // A new minute: its window starts afresh, the hour's goes on.
    assertThat(ledger.take(SourceId.FRED, "k", windows, NOON.plusSeconds(60)))
        .isEqualTo(new Grant.Granted(List.of(4L, 97L)));
  }

  @Test
  void a_daily_window_grants_its_limit_then_denies_until_midnight_utc() {
    List<Window> daily = List.of(new Window(Duration.ofDays(1), 3));
    for (int i = 0; i < 3; i++) {
      assertThat(ledger.take(SourceId.CPI, "k1", daily, NOON.plusSeconds(i)))
          .isInstanceOf(Grant.Granted.class);
    }
    Grant denied = ledger.take(SourceId.CPI, "k1", daily, NOON.plusSeconds(10));
    assertThat(denied)
        .isEqualTo(new Grant.Denied(Instant.parse("2024-06-02T00:00:00Z"), daily.get(0)));
    assertThat(ledger.used(SourceId.CPI, "k1", Duration.ofDays(1), NOON)).isEqualTo(3);
    // Another key has its own quota; the next day starts afresh.
    assertThat(ledger.take(SourceId.CPI, "k2", daily, NOON)).isInstanceOf(Grant.Granted.class);
    assertThat(ledger.take(SourceId.CPI, "k1", daily, Instant.parse("2024-06-02T00:00:01Z")))
        .isInstanceOf(Grant.Granted.class);
  }

  @Test
  void each_market_of_a_key_has_its_own_windows_and_breaker() {
    String pjm = QuotaLedger.laneKey("pjm", "k");
    String nyiso = QuotaLedger.laneKey("nyiso", "k");
    List<Window> perMinute = List.of(new Window(Duration.ofMinutes(1), 1));
    assertThat(ledger.take(SourceId.ISO, pjm, perMinute, NOON)).isInstanceOf(Grant.Granted.class);
    assertThat(ledger.take(SourceId.ISO, pjm, perMinute, NOON)).isInstanceOf(Grant.Denied.class);
    // PJM's spent minute does not touch NYISO's window of the same key.
    assertThat(ledger.take(SourceId.ISO, nyiso, perMinute, NOON)).isInstanceOf(Grant.Granted.class);
    assertThat(ledger.used(SourceId.ISO, pjm, Duration.ofMinutes(1), NOON)).isEqualTo(1);
    assertThat(ledger.used(SourceId.ISO, nyiso, Duration.ofMinutes(1), NOON)).isEqualTo(1);
    ledger.openBreaker(SourceId.ISO, pjm, NOON.plusSeconds(30), "429 storm");
    assertThat(ledger.breaker(SourceId.ISO, pjm)).isPresent();
    assertThat(ledger.breaker(SourceId.ISO, nyiso)).isEmpty();
    assertThat(ledger.breaker(SourceId.ISO, "k")).isEmpty();
    ledger.closeBreaker(SourceId.ISO, pjm);
    assertThat(ledger.breaker(SourceId.ISO, pjm)).isEmpty();
  }

  @Test
  void a_denied_take_consumes_nothing_from_the_other_windows() {
    List<Window> windows =
        List.of(new Window(Duration.ofHours(1), 100), new Window(Duration.ofDays(1), 1));
    assertThat(ledger.take(SourceId.NOAA, "k", windows, NOON)).isInstanceOf(Grant.Granted.class);
    assertThat(ledger.take(SourceId.NOAA, "k", windows, NOON)).isInstanceOf(Grant.Denied.class);
    assertThat(ledger.used(SourceId.NOAA, "k", Duration.ofHours(1), NOON)).isEqualTo(1);
  }

  @Test
  void concurrent_takes_never_exceed_the_limit() throws Exception {
    List<Window> hourly = List.of(new Window(Duration.ofHours(1), 50));
    AtomicInteger granted = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<?>> futures = new java.util.ArrayList<>();
      for (int t = 0; t < 4; t++) {
        futures.add(
            pool.submit(
                () -> {
                  for (int i = 0; i < 30; i++) {
                    if (ledger.take(SourceId.FRED, "k", hourly, NOON) instanceof Grant.Granted) {
                      granted.incrementAndGet();
                    }
                  }
                }));
      }
      for (Future<?> f : futures) {
        f.get();
      }
    } finally {
      pool.shutdown();
    }
    assertThat(granted.get()).isEqualTo(50);
  }

  @Test
  void a_breaker_opens_with_its_reason_and_closes() {
    assertThat(ledger.breaker(SourceId.EIA, "k")).isEmpty();
    ledger.openBreaker(SourceId.EIA, "k", NOON, "403 on a key that worked");
    ledger.openBreaker(SourceId.EIA, "k", NOON.plusSeconds(60), "burst of 429s");
    assertThat(ledger.breaker(SourceId.EIA, "k"))
        .contains(new QuotaLedger.Breaker(NOON.plusSeconds(60), "burst of 429s"));
    ledger.closeBreaker(SourceId.EIA, "k");
    assertThat(ledger.breaker(SourceId.EIA, "k")).isEmpty();
  }
}

class SqliteQuotaLedgerTest extends QuotaLedgerContractTest {
  @Override
  TestDatabase database(Path dir) {
    return StoreFixtures.sqlite(dir);
  }
}

class PostgresQuotaLedgerTest extends QuotaLedgerContractTest {
  @Override
  TestDatabase database(Path dir) {
    return StoreFixtures.postgres();
  }
}
