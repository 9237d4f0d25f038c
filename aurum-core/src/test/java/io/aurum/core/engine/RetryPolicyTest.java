package io.aurum.core.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.aurum.core.error.UpstreamException;
import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The delay before a retry honours Retry-After, within reason. */
class RetryPolicyTest {
  final RetryPolicy policy = new RetryPolicy(3, Duration.ofSeconds(1), new Random(7));

  static UpstreamException throttled(Duration retryAfter) {
    return UpstreamException.throttled("HTTP 429", 429, retryAfter);
  }

  @Test
  void retry_after_is_honoured_as_given() {
    assertThat(policy.delay(throttled(Duration.ofSeconds(20)), 1))
        .isEqualTo(Duration.ofSeconds(20));
  }

  @Test
  void absurd_retry_after_values_wait_fifteen_minutes_at_most() {
    assertThat(policy.delay(throttled(Duration.ofMinutes(12)), 1))
        .isEqualTo(Duration.ofMinutes(12));
    assertThat(policy.delay(throttled(Duration.ofSeconds(99_999_999_999L)), 1))
        .isEqualTo(Duration.ofMinutes(15));
    assertThat(policy.delay(throttled(Duration.ofSeconds(Long.MAX_VALUE)), 1))
        .isEqualTo(Duration.ofMinutes(15));
    assertThat(policy.delay(throttled(Duration.ofSeconds(-5)), 1)).isEqualTo(Duration.ZERO);
  }
}
