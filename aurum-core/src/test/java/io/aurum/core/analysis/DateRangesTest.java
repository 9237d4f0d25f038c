package io.aurum.core.analysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aurum.core.error.AurumException;
import io.aurum.core.testing.MutableClock;
import java.time.Instant;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class DateRangesTest {

  @Test
  void a_range_must_run_forwards_and_stay_under_a_century() {
    LocalDate d = LocalDate.of(2024, 1, 1);
    assertThatCode(() -> DateRanges.check(d, d)).doesNotThrowAnyException();
    assertThatCode(() -> DateRanges.check(d, d.plusYears(100))).doesNotThrowAnyException();
    assertThatThrownBy(() -> DateRanges.check(d, d.minusDays(1)))
        .isInstanceOf(AurumException.BadInput.class)
        .hasMessageContaining("end date 2023-12-31 is before start date 2024-01-01: swap them");
    assertThatThrownBy(() -> DateRanges.check(d, d.plusYears(100).plusDays(1)))
        .isInstanceOf(AurumException.BadInput.class)
        .hasMessageContaining("longer than 100 years");
    assertThatThrownBy(() -> DateRanges.check(null, d)).isInstanceOf(AurumException.BadInput.class);
  }

  @Test
  void the_last_days_end_yesterday_in_utc_by_the_injected_clock() {
    // 23:30 in Chicago on March 4 is already March 5 in UTC: yesterday is March 4.
    MutableClock clock = new MutableClock(Instant.parse("2024-03-05T05:30:00Z"));
    assertThat(DateRanges.lastDays(3, clock))
        .containsExactly(LocalDate.of(2024, 3, 2), LocalDate.of(2024, 3, 4));
    clock.set(Instant.parse("2024-03-01T00:00:00Z"));
    assertThat(DateRanges.lastDays(1, clock))
        .containsExactly(LocalDate.of(2024, 2, 29), LocalDate.of(2024, 2, 29));
    assertThatThrownBy(() -> DateRanges.lastDays(0, clock))
        .isInstanceOf(AurumException.BadInput.class)
        .hasMessageContaining("days must be above 0");
  }
}
