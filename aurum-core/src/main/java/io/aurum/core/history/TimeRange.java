package io.aurum.core.history;

import io.aurum.core.error.AurumException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Whole UTC days, {@code from} to {@code to} included: {@code 7d} is the seven days ending today,
 * {@code 2024-12-01:2024-12-31} a range of dates.
 */
public record TimeRange(LocalDate from, LocalDate to) {
  /** The longest range a history query takes, in days. */
  public static final int MAX_DAYS = 366;

  private static final Pattern DAYS = Pattern.compile("(\\d{1,4})d");

  public TimeRange {
    if (to.isBefore(from)) {
      throw new AurumException.BadInput(
          v -> v.name("time_range") + " ends (" + to + ") before it starts (" + from + ")");
    }
  }

  /** {@code Nd} or {@code FROM:TO}; {@code field} names the value in messages. */
  public static TimeRange parse(String text, Clock clock) {
    String t = text.strip();
    Matcher m = DAYS.matcher(t);
    if (m.matches()) {
      int n = Integer.parseInt(m.group(1));
      if (n < 1 || n > MAX_DAYS) {
        throw new AurumException.BadInput(
            v -> v.name("time_range") + " '" + text + "': give 1d to " + MAX_DAYS + "d");
      }
      LocalDate today = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
      return new TimeRange(today.minusDays(n - 1L), today);
    }
    int colon = t.indexOf(':');
    try {
      if (colon > 0) {
        TimeRange r =
            new TimeRange(
                LocalDate.parse(t.substring(0, colon)), LocalDate.parse(t.substring(colon + 1)));
        if (r.days() > MAX_DAYS) {
          throw new AurumException.BadInput(
              v -> v.name("time_range") + " '" + text + "' spans more than " + MAX_DAYS + " days");
        }
        return r;
      }
    } catch (DateTimeParseException e) {
      // Falls through to the one message below.
    }
    throw new AurumException.BadInput(
        v ->
            v.name("time_range")
                + " '"
                + text
                + "' is not a range: give a number of days ending today (7d) or"
                + " YYYY-MM-DD:YYYY-MM-DD");
  }

  public long days() {
    return to.toEpochDay() - from.toEpochDay() + 1;
  }

  public Instant start() {
    return from.atStartOfDay(ZoneOffset.UTC).toInstant();
  }

  /** The instant after the last day. */
  public Instant end() {
    return to.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
  }
}
