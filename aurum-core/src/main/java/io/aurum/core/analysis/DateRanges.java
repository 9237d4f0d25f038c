package io.aurum.core.analysis;

import io.aurum.core.error.AurumException;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;

/** Checks and defaults for the date ranges of analysis commands. */
public final class DateRanges {
  /** The longest range an analysis accepts, so that a typo cannot ask for ten thousand years. */
  public static final int MAX_YEARS = 100;

  private DateRanges() {}

  public static void check(LocalDate start, LocalDate end) {
    if (start == null || end == null) {
      throw new AurumException.BadInput("a start and an end date are needed");
    }
    if (end.isBefore(start)) {
      throw new AurumException.BadInput(
          "end date " + end + " is before start date " + start + ": swap them");
    }
    if (start.plusYears(MAX_YEARS).isBefore(end)) {
      throw new AurumException.BadInput(
          "date range " + start + ".." + end + " is longer than " + MAX_YEARS + " years");
    }
  }

  /** The last {@code days} whole days (UTC) before today: yesterday and the days before it. */
  public static LocalDate[] lastDays(int days, Clock clock) {
    if (days <= 0) {
      throw new AurumException.BadInput(v -> v.name("days") + " must be above 0, got " + days);
    }
    LocalDate end = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC).minusDays(1);
    return new LocalDate[] {end.minusDays(days - 1L), end};
  }
}
