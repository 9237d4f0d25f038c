package io.aurum.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aurum.core.error.AurumException;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class BusinessCalendarTest {
  private static final BusinessCalendar US = BusinessCalendar.US_BUSINESS_DAYS;

  private static long openDays(BusinessCalendar c, int year) {
    return LocalDate.of(year, 1, 1)
        .datesUntil(LocalDate.of(year + 1, 1, 1))
        .filter(c::isOpen)
        .count();
  }

  @Test
  void a_year_has_the_weekdays_minus_the_bond_market_holidays() {
    // 2024: 262 weekdays, all 11 holidays on weekdays.
    assertThat(openDays(US, 2024)).isEqualTo(251);
    // 2023: 260 weekdays; 1 Jan (Sunday) closes Monday 2 Jan; 11 Nov (Saturday) does not move.
    assertThat(openDays(US, 2023)).isEqualTo(250);
    assertThat(openDays(BusinessCalendar.EVERY_DAY, 2024)).isEqualTo(366);
  }

  @Test
  void weekends_are_closed_and_ordinary_weekdays_open() {
    assertThat(US.isOpen(LocalDate.of(2024, 1, 6))).isFalse(); // Saturday
    assertThat(US.isOpen(LocalDate.of(2024, 1, 7))).isFalse(); // Sunday
    assertThat(US.isOpen(LocalDate.of(2024, 1, 8))).isTrue();
  }

  @Test
  void floating_holidays_close_their_monday_or_thursday() {
    assertThat(US.isOpen(LocalDate.of(2024, 1, 15))).isFalse(); // MLK Day
    assertThat(US.isOpen(LocalDate.of(2024, 2, 19))).isFalse(); // Washington's Birthday
    assertThat(US.isOpen(LocalDate.of(2024, 5, 27))).isFalse(); // Memorial Day
    assertThat(US.isOpen(LocalDate.of(2024, 9, 2))).isFalse(); // Labor Day
    assertThat(US.isOpen(LocalDate.of(2024, 10, 14))).isFalse(); // Columbus Day
    assertThat(US.isOpen(LocalDate.of(2024, 11, 28))).isFalse(); // Thanksgiving
    assertThat(US.isOpen(LocalDate.of(2024, 11, 29))).isTrue(); // the Friday after
  }

  @Test
  void a_sunday_holiday_is_observed_on_the_monday() {
    assertThat(US.isOpen(LocalDate.of(2023, 1, 2))).isFalse(); // New Year's Day 2023
    assertThat(US.isOpen(LocalDate.of(2018, 11, 12))).isFalse(); // Veterans Day 2018
    assertThat(US.isOpen(LocalDate.of(2022, 6, 20))).isFalse(); // Juneteenth 2022
    assertThat(US.isOpen(LocalDate.of(2022, 12, 26))).isFalse(); // Christmas 2022
  }

  @Test
  void a_saturday_holiday_closes_the_friday_before_except_new_year_and_veterans_day() {
    assertThat(US.isOpen(LocalDate.of(2020, 7, 3))).isFalse(); // Independence Day 2020
    assertThat(US.isOpen(LocalDate.of(2021, 12, 24))).isFalse(); // Christmas 2021
    assertThat(US.isOpen(LocalDate.of(2021, 12, 31))).isTrue(); // New Year's Day 2022: year-end
    assertThat(US.isOpen(LocalDate.of(2023, 11, 10))).isTrue(); // Veterans Day 2023
  }

  @Test
  void juneteenth_closes_from_2022_and_good_friday_is_not_a_close() {
    assertThat(US.isOpen(LocalDate.of(2021, 6, 18))).isTrue();
    assertThat(US.isOpen(LocalDate.of(2024, 6, 19))).isFalse();
    assertThat(US.isOpen(LocalDate.of(2024, 3, 29))).isTrue(); // Good Friday 2024
  }

  @Test
  void calendars_parse_by_catalog_name_and_reject_unknown_names() {
    assertThat(BusinessCalendar.parse("us_business_days")).isEqualTo(US);
    assertThat(BusinessCalendar.parse("EVERY_DAY")).isEqualTo(BusinessCalendar.EVERY_DAY);
    assertThatThrownBy(() -> BusinessCalendar.parse("uk_business_days"))
        .isInstanceOf(AurumException.BadInput.class)
        .hasMessageContaining("every_day, us_business_days");
  }
}
