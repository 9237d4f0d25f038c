package io.aurum.connectors.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/**
 * Retry-After is delta-seconds or an HTTP date in any of RFC 9110's three forms, never overflowing.
 */
class RetryAfterTest {
  static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-05T00:00:00Z"), ZoneOffset.UTC);

  @Test
  void delta_seconds_are_read_as_given() {
    assertThat(RetryAfter.parse("0", CLOCK)).contains(Duration.ZERO);
    assertThat(RetryAfter.parse(" 120 ", CLOCK)).contains(Duration.ofSeconds(120));
  }

  @Test
  void huge_delta_seconds_stop_at_the_ceiling_instead_of_overflowing() {
    assertThat(RetryAfter.parse("99999999999", CLOCK)).contains(RetryAfter.CEILING);
    assertThat(RetryAfter.parse("9223372036854775807", CLOCK)).contains(RetryAfter.CEILING);
    assertThat(RetryAfter.parse("99999999999999999999999999999", CLOCK))
        .contains(RetryAfter.CEILING);
  }

  @Test
  void the_three_http_date_forms_are_read() {
    Duration thirty = Duration.ofSeconds(30);
    assertThat(RetryAfter.parse("Sat, 05 Dec 2026 00:00:30 GMT", CLOCK)).contains(thirty);
    assertThat(RetryAfter.parse("Saturday, 05-Dec-26 00:00:30 GMT", CLOCK)).contains(thirty);
    assertThat(RetryAfter.parse("Sat Dec  5 00:00:30 2026", CLOCK)).contains(thirty);
  }

  @Test
  void a_date_in_2099_is_its_distance_and_one_in_the_past_is_zero() {
    assertThat(RetryAfter.parse("Thu, 01 Jan 2099 00:00:00 GMT", CLOCK))
        .contains(Duration.between(CLOCK.instant(), Instant.parse("2099-01-01T00:00:00Z")));
    assertThat(RetryAfter.parse("Sun, 06 Nov 1994 08:49:37 GMT", CLOCK)).contains(Duration.ZERO);
    assertThat(RetryAfter.parse("Fri, 31 Dec 9999 23:59:59 GMT", CLOCK))
        .contains(RetryAfter.CEILING);
  }

  @Test
  void an_rfc_850_year_more_than_fifty_years_ahead_is_in_the_past() {
    // 2026 + 50 = 2076: "94" is 1994, not 2094.
    assertThat(RetryAfter.parse("Sunday, 06-Nov-94 08:49:37 GMT", CLOCK)).contains(Duration.ZERO);
    assertThat(RetryAfter.parse("Monday, 01-Jan-74 00:00:00 GMT", CLOCK))
        .hasValueSatisfying(d -> assertThat(d.toDays()).isGreaterThan(365 * 40));
  }

  @Test
  void anything_else_is_absent() {
    for (String bad :
        new String[] {
          "-5", "1.5", "soon", "Sat, 05 Dec 2026 00:00:30 PST", "Sat, 32 Dec 2026 00:00:30 GMT", ""
        }) {
      assertThat(RetryAfter.parse(bad, CLOCK)).as(bad).isEmpty();
    }
    assertThat(RetryAfter.parse(null, CLOCK)).isEmpty();
  }
}
