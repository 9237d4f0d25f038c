package io.aurum.core.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aurum.core.error.AurumException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.Test;

class HourWindowsTest {
  static final ZoneId NEW_YORK = ZoneId.of("America/New_York");

  @Test
  void hours_are_lists_ranges_or_both_sorted_without_duplicates() {
    assertThat(HourWindows.parseHours("14,15,16")).containsExactly(14, 15, 16);
    assertThat(HourWindows.parseHours("16, 10-12,11")).containsExactly(10, 11, 12, 16);
    assertThat(HourWindows.parseHours("0-0")).containsExactly(0);
  }

  @Test
  void hours_outside_the_day_backwards_ranges_and_words_are_bad_input() {
    assertThatThrownBy(() -> HourWindows.parseHours("23,24"))
        .isInstanceOf(AurumException.BadInput.class)
        .hasMessageContaining("between 0 and 23");
    assertThatThrownBy(() -> HourWindows.parseHours("16-10"))
        .isInstanceOf(AurumException.BadInput.class)
        .hasMessageContaining("range 16-10 runs backwards");
    assertThatThrownBy(() -> HourWindows.parseHours("noon"))
        .isInstanceOf(AurumException.BadInput.class)
        .hasMessageContaining("'noon' is not an hour");
    assertThatThrownBy(() -> HourWindows.parseHours(" "))
        .isInstanceOf(AurumException.BadInput.class);
  }

  @Test
  void local_hours_become_utc_starts_on_an_ordinary_day() {
    assertThat(HourWindows.instants(LocalDate.of(2024, 7, 1), NEW_YORK, List.of(14, 15)))
        .containsExactly(
            Instant.parse("2024-07-01T18:00:00Z"), Instant.parse("2024-07-01T19:00:00Z"));
  }

  @Test
  void on_a_fall_back_day_hour_one_names_both_repeated_hours() {
    assertThat(HourWindows.instants(LocalDate.of(2024, 11, 3), NEW_YORK, List.of(1)))
        .containsExactly(
            Instant.parse("2024-11-03T05:00:00Z"), Instant.parse("2024-11-03T06:00:00Z"));
  }

  @Test
  void an_hour_skipped_by_spring_forward_is_bad_input() {
    assertThatThrownBy(
            () -> HourWindows.instants(LocalDate.of(2024, 3, 10), NEW_YORK, List.of(1, 2, 3)))
        .isInstanceOf(AurumException.BadInput.class)
        .hasMessageContaining("hour 2 does not exist on 2024-03-10 in America/New_York");
  }

  @Test
  void a_local_range_is_the_utc_hours_it_spans_across_a_dst_change() {
    // 00:00 to 04:00 local on spring-forward day is three real hours.
    assertThat(
            HourWindows.range(
                LocalDateTime.of(2024, 3, 10, 0, 0), LocalDateTime.of(2024, 3, 10, 4, 0), NEW_YORK))
        .containsExactly(
            Instant.parse("2024-03-10T05:00:00Z"),
            Instant.parse("2024-03-10T06:00:00Z"),
            Instant.parse("2024-03-10T07:00:00Z"));
    assertThatThrownBy(
            () ->
                HourWindows.range(
                    LocalDateTime.of(2024, 3, 10, 4, 0),
                    LocalDateTime.of(2024, 3, 10, 4, 0),
                    NEW_YORK))
        .isInstanceOf(AurumException.BadInput.class);
  }
}
