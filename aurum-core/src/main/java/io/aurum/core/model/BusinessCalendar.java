package io.aurum.core.model;

import io.aurum.core.error.AurumException;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.Month;
import java.time.temporal.TemporalAdjusters;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The days a daily series publishes on, named in the dataset catalog ({@code "calendar"}). A day
 * the calendar closes is expected-absent: completeness, gaps and estimates do not count it.
 *
 * <p>{@link #US_BUSINESS_DAYS} is pinned as the US government-bond market's full closes (SIFMA
 * style, which is when the H.15 Treasury yields such as DGS10 have no value): Monday to Friday,
 * minus New Year's Day, Martin Luther King Jr. Day, Washington's Birthday, Memorial Day, Juneteenth
 * (from 2022, SIFMA's first close), Independence Day, Labor Day, Columbus Day, Veterans Day,
 * Thanksgiving and Christmas. A holiday on a Sunday closes the Monday after; on a Saturday it
 * closes the Friday before, except New Year's Day and Veterans Day, for which the bond market stays
 * open (a year-end Friday is never closed). Good Friday (often only an early close) and one-off
 * closures (days of mourning) are not closes. Thread-safe (immutable).
 */
public enum BusinessCalendar {
  /** Every calendar day (e.g. DFF, weather, prices). */
  EVERY_DAY("every_day"),
  /** Weekdays minus US bond-market holidays (e.g. DGS10, DGS2). */
  US_BUSINESS_DAYS("us_business_days");

  private final String configName;

  BusinessCalendar(String configName) {
    this.configName = configName;
  }

  /** The name used in the catalog. */
  public String configName() {
    return configName;
  }

  /** The calendar of a catalog name; an unknown one is bad input listing the known ones. */
  public static BusinessCalendar parse(String name) {
    String n = name == null ? "" : name.trim().toLowerCase(Locale.ROOT);
    for (BusinessCalendar c : values()) {
      if (c.configName.equals(n)) {
        return c;
      }
    }
    throw new AurumException.BadInput(
        "unknown calendar '"
            + name
            + "': use one of "
            + Arrays.stream(values())
                .map(BusinessCalendar::configName)
                .collect(Collectors.joining(", ")));
  }

  /** Whether a series on this calendar publishes a value for {@code day}. */
  public boolean isOpen(LocalDate day) {
    if (this == EVERY_DAY) {
      return true;
    }
    DayOfWeek dow = day.getDayOfWeek();
    return dow != DayOfWeek.SATURDAY && dow != DayOfWeek.SUNDAY && !isUsBondHoliday(day);
  }

  /** Whether {@code day} (a weekday) is a US bond-market full close under the pinned rules. */
  static boolean isUsBondHoliday(LocalDate day) {
    int y = day.getYear();
    return day.equals(observed(LocalDate.of(y, 1, 1), false))
        || day.equals(nth(y, Month.JANUARY, DayOfWeek.MONDAY, 3))
        || day.equals(nth(y, Month.FEBRUARY, DayOfWeek.MONDAY, 3))
        || day.equals(
            LocalDate.of(y, 5, 31).with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY)))
        || (y >= 2022 && day.equals(observed(LocalDate.of(y, 6, 19), true)))
        || day.equals(observed(LocalDate.of(y, 7, 4), true))
        || day.equals(nth(y, Month.SEPTEMBER, DayOfWeek.MONDAY, 1))
        || day.equals(nth(y, Month.OCTOBER, DayOfWeek.MONDAY, 2))
        || day.equals(observed(LocalDate.of(y, 11, 11), false))
        || day.equals(nth(y, Month.NOVEMBER, DayOfWeek.THURSDAY, 4))
        || day.equals(observed(LocalDate.of(y, 12, 25), true));
  }

  /** The weekday a fixed-date holiday closes: Sunday → Monday; Saturday → Friday if it moves. */
  private static LocalDate observed(LocalDate holiday, boolean saturdayMovesToFriday) {
    return switch (holiday.getDayOfWeek()) {
      case SUNDAY -> holiday.plusDays(1);
      case SATURDAY -> saturdayMovesToFriday ? holiday.minusDays(1) : null;
      default -> holiday;
    };
  }

  private static LocalDate nth(int year, Month month, DayOfWeek dow, int n) {
    return LocalDate.of(year, month, 1).with(TemporalAdjusters.dayOfWeekInMonth(n, dow));
  }
}
