package io.aurum.core.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.aurum.core.config.SourceQuota;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The throttle's pacing, windows and 429 handling, on a clock the test moves by hand. */
class SourceThrottleTest {
  static final long MS = 1_000_000L;
  static final long S = 1_000_000_000L;

  /** A clock that a sleep moves forward: time passes only when someone waits. */
  static final class HandClock implements Ticker {
    final AtomicLong now = new AtomicLong(1_000 * S);

    @Override
    public long nanos() {
      return now.get();
    }

    @Override
    public void sleep(long nanos) {
      now.addAndGet(nanos);
    }

    void advance(long nanos) {
      now.addAndGet(nanos);
    }
  }

  final HandClock clock = new HandClock();

  static SourceQuota.Limit limit(long requests, Duration period) {
    return new SourceQuota.Limit(requests, period);
  }

  SourceThrottle throttle(List<SourceQuota.Limit> pace, List<SourceQuota.Limit> windows) {
    return new SourceThrottle(pace, windows, clock);
  }

  /** Starts of {@code n} requests through the throttle, each answered {@code latency} later. */
  List<Long> starts(SourceThrottle t, int n, long latency) {
    List<Long> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      t.acquire(() -> false);
      out.add(clock.nanos());
      clock.advance(latency);
      t.responded();
    }
    return out;
  }

  @Test
  void requests_are_evenly_spaced_a_few_percent_under_the_rate_with_no_burst_at_the_start() {
    SourceThrottle t = throttle(List.of(limit(20, Duration.ofSeconds(1))), List.of());
    List<Long> starts = starts(t, 41, 0);
    for (int i = 1; i < starts.size(); i++) {
      // 1 / (20 × 0.98) s: 51.02 ms, from the very first request on.
      assertThat(starts.get(i) - starts.get(i - 1)).isBetween(51 * MS, 52 * MS);
    }
    // 40 intervals in 2.04 s: within 1.05 × (N − 1) / Q and never faster than Q.
    assertThat(starts.get(40) - starts.get(0)).isBetween(2 * S, (long) (2.1 * S));
    assertThat(t.currentRate()).isCloseTo(19.6, within(0.01));
  }

  @Test
  void a_stall_is_never_caught_up_with_a_burst() {
    SourceThrottle t = throttle(List.of(limit(5, Duration.ofSeconds(1))), List.of());
    starts(t, 3, 0);
    // Nobody asked for 10 s (every worker busy elsewhere); a token bucket would now grant 5 at
    // once.
    clock.advance(10 * S);
    long idle = clock.nanos();
    List<Long> after = starts(t, 4, 0);
    assertThat(after.get(0)).isEqualTo(idle);
    for (int i = 1; i < after.size(); i++) {
      assertThat(after.get(i) - after.get(i - 1)).isGreaterThanOrEqualTo(204 * MS);
    }
  }

  @Test
  void a_slightly_late_start_keeps_to_the_grid_but_a_late_one_moves_it() {
    SourceThrottle t = throttle(List.of(limit(20, Duration.ofSeconds(1))), List.of());
    long interval = (long) (1e9 / (20 * 0.98));
    t.take(clock.nanos());
    long first = clock.nanos();
    // Woken 0.2 ms late: the next start is still due on the grid, two intervals after the first.
    clock.advance(interval + MS / 5);
    assertThat(t.delay(clock.nanos())).isLessThanOrEqualTo(0);
    t.take(clock.nanos());
    assertThat(t.delay(clock.nanos())).isEqualTo(first + 2 * interval - clock.nanos());
    // 30 ms late: that start is the new grid, no credit.
    clock.advance(t.delay(clock.nanos()) + 30 * MS);
    long late = clock.nanos();
    t.take(late);
    assertThat(t.delay(late)).isEqualTo(interval);
  }

  @Test
  void a_request_counts_in_the_window_until_its_answer_plus_the_period() {
    // Pacing allows 100/s, the upstream's window 2 per second.
    SourceThrottle t =
        throttle(
            List.of(limit(100, Duration.ofSeconds(1))), List.of(limit(2, Duration.ofSeconds(1))));
    // Another worker's request, never answered while this test looks.
    CompletableFuture.runAsync(() -> t.take(clock.nanos())).join();
    clock.advance(11 * MS);
    t.take(clock.nanos());
    // Both unanswered: the third must wait for an answer, however long that takes.
    clock.advance(5 * S);
    assertThat(t.delay(clock.nanos())).isPositive();
    // This thread's request is answered now: one second on, it has surely left the upstream's
    // window, whenever it arrived there.
    t.responded();
    assertThat(t.delay(clock.nanos())).isEqualTo(S);
    clock.advance(S);
    assertThat(t.delay(clock.nanos())).isLessThanOrEqualTo(0);
  }

  @Test
  void at_the_quota_a_slow_answer_delays_the_next_request_instead_of_drawing_a_429() {
    // Spacing alone puts 5 requests in 1.0204 s; with answers 30 ms late the window decides.
    SourceThrottle t =
        throttle(
            List.of(limit(5, Duration.ofSeconds(1))), List.of(limit(5, Duration.ofSeconds(1))));
    List<Long> starts = starts(t, 16, 30 * MS);
    for (int i = 5; i < starts.size(); i++) {
      // The request five before was answered 30 ms after it started: a full period after that.
      assertThat(starts.get(i) - starts.get(i - 5)).isGreaterThanOrEqualTo(S + 30 * MS);
    }
  }

  @Test
  void an_answer_that_never_comes_frees_its_place_after_two_minutes() {
    SourceThrottle t =
        throttle(
            List.of(limit(100, Duration.ofSeconds(1))), List.of(limit(1, Duration.ofSeconds(5))));
    CompletableFuture.runAsync(() -> t.take(clock.nanos())).join();
    assertThat(t.delay(clock.nanos())).isEqualTo(SourceThrottle.MAX_UNANSWERED.toNanos() + 5 * S);
  }

  @Test
  void a_429_holds_every_request_for_retry_after_and_the_rate_is_back_within_one_period() {
    // FRED: 120 a minute.
    SourceThrottle t =
        throttle(
            List.of(limit(120, Duration.ofMinutes(1))), List.of(limit(120, Duration.ofMinutes(1))));
    starts(t, 3, 10 * MS);
    SourceThrottle.Hold hold = t.onThrottled(Duration.ofSeconds(20));
    assertThat(hold.fresh()).isTrue();
    assertThat(hold.retryAfter()).isEqualTo(Duration.ofSeconds(20));
    assertThat(hold.remaining()).isEqualTo(Duration.ofSeconds(20));
    long holdEnd = clock.nanos() + 20 * S;
    assertThat(t.delay(clock.nanos())).isEqualTo(20 * S);
    clock.advance(20 * S);
    // Half the rate right after the hold, climbing back to all of it one minute later.
    assertThat(t.currentRate()).isCloseTo(0.98, within(0.01));
    clock.advance(30 * S);
    assertThat(t.currentRate()).isCloseTo(1.47, within(0.01));
    clock.now.set(holdEnd + 60 * S);
    assertThat(t.currentRate()).isCloseTo(1.96, within(0.001));
  }

  @Test
  void absurd_retry_after_values_are_capped_to_a_minute_without_overflow() {
    SourceThrottle t = throttle(List.of(limit(5, Duration.ofSeconds(1))), List.of());
    starts(t, 1, 0);
    assertThat(t.onThrottled(Duration.ofSeconds(99_999_999_999L)).remaining())
        .isEqualTo(Duration.ofMinutes(1));
    // A date in 2099, as the connectors turn it into a delay.
    assertThat(t.onThrottled(Duration.ofDays(365L * 73)).retryAfter())
        .isEqualTo(Duration.ofMinutes(1));
    assertThat(t.onThrottled(Duration.ofSeconds(Long.MAX_VALUE)).remaining())
        .isLessThanOrEqualTo(Duration.ofMinutes(1));
    assertThat(t.holdCap()).isEqualTo(Duration.ofMinutes(1));
  }

  @Test
  void the_429s_of_requests_already_in_flight_are_echoes_that_do_not_halve_the_rate_again()
      throws Exception {
    SourceThrottle t = throttle(List.of(limit(20, Duration.ofSeconds(1))), List.of());
    // Two workers' requests in flight together; both come back 429.
    CountDownLatch sent = new CountDownLatch(1);
    CountDownLatch answered = new CountDownLatch(1);
    CompletableFuture<SourceThrottle.Hold> other =
        CompletableFuture.supplyAsync(
            () -> {
              t.take(clock.nanos());
              sent.countDown();
              await(answered);
              return t.onThrottled(Duration.ofSeconds(2));
            });
    sent.await();
    clock.advance(60 * MS);
    t.take(clock.nanos());
    clock.advance(5 * MS);
    SourceThrottle.Hold first = t.onThrottled(Duration.ofSeconds(1));
    clock.advance(5 * MS);
    answered.countDown();
    SourceThrottle.Hold echo = other.get(10, TimeUnit.SECONDS);
    assertThat(first.fresh()).isTrue();
    assertThat(echo.fresh()).isFalse();
    // The echo may lengthen the hold, but the rate was halved once.
    assertThat(echo.remaining()).isEqualTo(Duration.ofSeconds(2));
    clock.advance(2 * S);
    assertThat(t.currentRate()).isCloseTo(9.8, within(0.01));
    // A request sent after the hold that draws a 429 again is news.
    t.take(clock.nanos());
    assertThat(t.onThrottled(null).fresh()).isTrue();
  }

  static void await(CountDownLatch latch) {
    try {
      latch.await(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void a_live_rate_change_keeps_the_requests_already_in_the_window() {
    SourceThrottle t =
        throttle(
            List.of(limit(2, Duration.ofSeconds(1))), List.of(limit(2, Duration.ofSeconds(1))));
    starts(t, 2, 0);
    t.reconfigure(List.of(limit(100, Duration.ofSeconds(1))));
    // Spacing now allows 10 ms, but the upstream's window still holds the two requests.
    long wait = t.delay(clock.nanos());
    assertThat(wait).isGreaterThan(400 * MS);
  }

  @Test
  void time_for_n_requests_is_n_minus_one_intervals() {
    assertThat(SourceThrottle.timeFor(201, List.of(limit(20, Duration.ofSeconds(1)))))
        .isEqualTo(Duration.ofNanos((long) (200 / 19.6 * 1e9)));
    assertThat(SourceThrottle.timeFor(1, List.of(limit(20, Duration.ofSeconds(1)))))
        .isEqualTo(Duration.ZERO);
    // EIA: 5 a second paces; 9,000 an hour (the shared ledger's) only binds beyond 9,000.
    List<SourceQuota.Limit> eia =
        List.of(limit(5, Duration.ofSeconds(1)), limit(9_000, Duration.ofHours(1)));
    assertThat(SourceThrottle.timeFor(101, eia))
        .isEqualTo(Duration.ofNanos((long) (100 / 4.9 * 1e9)));
    assertThat(SourceThrottle.timeFor(30_000, eia)).isEqualTo(Duration.ofSeconds(8_400));
  }
}
