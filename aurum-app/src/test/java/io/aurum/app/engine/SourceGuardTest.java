package io.aurum.app.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aurum.core.config.SourceQuota;
import io.aurum.core.engine.QuotaWait;
import io.aurum.core.engine.SourceGuard;
import io.aurum.core.model.SourceId;
import io.aurum.core.testing.MutableClock;
import io.aurum.store.JdbcStore;
import io.aurum.store.testing.StoreFixtures;
import io.aurum.store.testing.TestDatabase;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Shared quotas across operations, and the circuit breaker, over a real store and a moved clock.
 */
class SourceGuardTest {
  @TempDir Path tmp;
  TestDatabase db;
  JdbcStore store;
  MutableClock clock = new MutableClock(Instant.parse("2024-06-01T22:00:00Z"));

  @BeforeEach
  void setUp() {
    db = StoreFixtures.sqlite(tmp);
    store = db.open();
  }

  @AfterEach
  void tearDown() {
    store.close();
    db.close();
  }

  SourceGuard guard(SourceQuota quota) {
    return new SourceGuard(
        store.quotaLedger(),
        SourceId.CPI,
        "key-a",
        SourceGuard.sharedWindows(quota, 1 - quota.reservedShare()),
        clock);
  }

  @Test
  void two_operations_share_one_daily_quota_minus_the_reserved_share_and_wait_for_the_reset() {
    SourceQuota bls =
        new SourceQuota(
            List.of(new SourceQuota.Limit(10, Duration.ofDays(1))), 1, 0.2, Duration.ofMillis(100));
    SourceGuard first = guard(bls);
    SourceGuard second = guard(bls);
    for (int i = 0; i < 4; i++) {
      first.beforeRequest();
      second.beforeRequest();
    }
    // 8 of 10 are for operations; routine ingestion keeps 2.
    assertThatThrownBy(first::beforeRequest)
        .isInstanceOf(QuotaWait.class)
        .satisfies(
            e ->
                assertThat(((QuotaWait) e).until())
                    .isEqualTo(Instant.parse("2024-06-02T00:00:00Z")))
        .hasMessageContaining("quota of 8 requests per PT24H is spent");
    assertThatThrownBy(second::beforeRequest).isInstanceOf(QuotaWait.class);
    clock.set(Instant.parse("2024-06-02T00:00:00Z"));
    first.beforeRequest();
  }

  @Test
  void a_retry_after_beyond_the_cap_opens_the_breaker_for_every_operation_until_a_probe() {
    SourceQuota q =
        new SourceQuota(
            List.of(new SourceQuota.Limit(100, Duration.ofMinutes(1))),
            1,
            0,
            Duration.ofMillis(100));
    SourceGuard paused = guard(q);
    SourceGuard other = guard(q);
    paused.onRetryAfterBeyondCap();
    assertThat(paused.openUntil()).contains(clock.instant().plusSeconds(30));
    assertThatThrownBy(other::beforeRequest)
        .isInstanceOf(QuotaWait.class)
        .hasMessageContaining("a Retry-After beyond the cap (max_retry_after_seconds)");
    clock.advance(Duration.ofSeconds(31));
    other.beforeRequest(); // the probe
    other.onSuccess();
    assertThat(store.quotaLedger().breaker(SourceId.CPI, "key-a")).isEmpty();
  }

  @Test
  void a_burst_of_429s_opens_the_breaker_for_every_operation_until_a_probe_succeeds() {
    SourceQuota q =
        new SourceQuota(
            List.of(new SourceQuota.Limit(5, Duration.ofSeconds(1))), 1, 0, Duration.ofMillis(100));
    SourceGuard a = guard(q);
    SourceGuard b = guard(q);
    b.beforeRequest();
    for (int i = 0; i < 5; i++) {
      a.onThrottled();
    }
    clock.advance(Duration.ofSeconds(2));
    assertThatThrownBy(b::beforeRequest)
        .isInstanceOf(QuotaWait.class)
        .hasMessageContaining("circuit breaker");
    clock.advance(Duration.ofSeconds(30));
    b.beforeRequest(); // the one probe after the hold
    clock.advance(Duration.ofSeconds(2));
    assertThatThrownBy(a::beforeRequest).isInstanceOf(QuotaWait.class);
    b.onSuccess();
    clock.advance(Duration.ofSeconds(2));
    a.beforeRequest();
    assertThat(store.quotaLedger().breaker(SourceId.CPI, "key-a")).isEmpty();
  }

  @Test
  void a_403_on_a_key_that_worked_opens_the_breaker_but_a_key_that_never_worked_just_fails() {
    SourceQuota q =
        new SourceQuota(
            List.of(new SourceQuota.Limit(5, Duration.ofSeconds(1))), 1, 0, Duration.ofMillis(100));
    SourceGuard fresh = guard(q);
    assertThat(fresh.onRejectedKey(403)).isFalse();
    SourceGuard used = guard(q);
    used.beforeRequest();
    used.onSuccess();
    assertThat(used.onRejectedKey(403)).isTrue();
    assertThat(store.quotaLedger().breaker(SourceId.CPI, "key-a"))
        .get()
        .satisfies(b -> assertThat(b.reason()).contains("suspended key"));
  }

  @Test
  void a_429_storm_on_one_market_opens_only_that_markets_breaker() {
    SourceQuota q =
        new SourceQuota(
            List.of(new SourceQuota.Limit(6, Duration.ofMinutes(1))), 1, 0, Duration.ofMillis(100));
    SourceGuard pjm =
        new SourceGuard(
            store.quotaLedger(),
            SourceId.ISO,
            "pjm",
            "key-a",
            SourceGuard.sharedWindows(q, 1),
            clock);
    SourceGuard nyiso =
        new SourceGuard(store.quotaLedger(), SourceId.ISO, "nyiso", "key-a", List.of(), clock);
    SourceGuard pjmOfAnotherOperation =
        new SourceGuard(
            store.quotaLedger(),
            SourceId.ISO,
            "pjm",
            "key-a",
            SourceGuard.sharedWindows(q, 1),
            clock);
    pjm.beforeRequest();
    nyiso.beforeRequest();
    for (int i = 0; i < 5; i++) {
      pjm.onThrottled();
    }
    clock.advance(Duration.ofSeconds(2));
    // Every PJM request waits, in every operation; NYISO goes on.
    assertThatThrownBy(pjmOfAnotherOperation::beforeRequest)
        .isInstanceOf(QuotaWait.class)
        .hasMessageContaining("circuit breaker of iso/pjm open");
    for (int i = 0; i < 20; i++) {
      nyiso.beforeRequest();
    }
    assertThat(store.quotaLedger().breaker(SourceId.ISO, "pjm:key-a")).isPresent();
    assertThat(store.quotaLedger().breaker(SourceId.ISO, "nyiso:key-a")).isEmpty();
    assertThat(nyiso.openUntil()).isEmpty();
  }

  @Test
  void a_probe_that_never_tells_how_it_went_is_replaced_after_the_probe_timeout() {
    SourceQuota q =
        new SourceQuota(
            List.of(new SourceQuota.Limit(2, Duration.ofMinutes(1))), 1, 0, Duration.ofMillis(100));
    SourceGuard g = guard(q);
    for (int i = 0; i < 5; i++) {
      g.onThrottled();
    }
    clock.advance(Duration.ofSeconds(31));
    // The probe goes, and its task ends without success or 429 (an I/O error, a cancel).
    g.beforeRequest();
    clock.advance(Duration.ofSeconds(2));
    assertThatThrownBy(g::beforeRequest).isInstanceOf(QuotaWait.class);
    // Before the fix every request waited on it for ever: a FRED backfill sent nothing more.
    clock.advance(Duration.ofSeconds(10));
    g.beforeRequest();
    g.onSuccess();
    assertThat(store.quotaLedger().breaker(SourceId.CPI, "key-a")).isEmpty();
  }

  @Test
  void a_spent_window_holds_the_would_be_probe_without_making_it_the_probe() {
    // FRED-like: 2 requests a minute, counted in the shared ledger.
    SourceQuota q =
        new SourceQuota(
            List.of(new SourceQuota.Limit(2, Duration.ofMinutes(1))), 1, 0, Duration.ofMillis(100));
    SourceGuard g = guard(q);
    g.beforeRequest();
    g.beforeRequest();
    for (int i = 0; i < 5; i++) {
      g.onThrottled();
    }
    clock.advance(Duration.ofSeconds(31));
    assertThatThrownBy(g::beforeRequest)
        .isInstanceOf(QuotaWait.class)
        .hasMessageContaining("quota of 2 requests per PT1M is spent until 2024-06-01T22:01:00Z");
    clock.set(Instant.parse("2024-06-01T22:01:00Z"));
    g.beforeRequest(); // now the probe
    g.onSuccess();
    g.beforeRequest();
  }

  @Test
  void an_explicit_rate_gets_the_minute_windows_it_asks_for_but_daily_caps_keep_the_reserve() {
    SourceQuota fred =
        new SourceQuota(
            List.of(
                new SourceQuota.Limit(120, Duration.ofMinutes(1)),
                new SourceQuota.Limit(9000, Duration.ofHours(1))),
            4,
            0.2,
            Duration.ofMillis(100));
    assertThat(SourceGuard.sharedWindows(fred, 0.8, null))
        .extracting(w -> w.limit())
        .containsExactly(96L, 7200L);
    assertThat(SourceGuard.sharedWindows(fred, 0.8, 2.0))
        .extracting(w -> w.limit())
        .containsExactly(120L, 7200L);
    assertThat(SourceGuard.sharedWindows(fred, 0.8, 1.0))
        .extracting(w -> w.limit())
        .containsExactly(96L, 7200L);
    assertThat(SourceGuard.sharedWindows(fred, 0.8, 50.0))
        .extracting(w -> w.limit())
        .containsExactly(120L, 7200L);
  }
}
