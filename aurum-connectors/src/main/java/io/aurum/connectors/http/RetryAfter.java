package io.aurum.connectors.http;

import java.time.Clock;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses a {@code Retry-After} header (RFC 9110 §10.2.3): delta-seconds, or an HTTP date in any of
 * the three forms a recipient must accept (§5.6.7): IMF-fixdate {@code Sun, 06 Nov 1994 08:49:37
 * GMT}, the obsolete RFC 850 form {@code Sunday, 06-Nov-94 08:49:37 GMT} and asctime {@code Sun Nov
 * 6 08:49:37 1994}. The delay never overflows: anything longer than {@link #CEILING} (a hundred
 * years: {@code 99999999999} seconds, a date in the year 9999) is {@link #CEILING}, which is far
 * beyond any cap a caller applies. Stateless.
 */
public final class RetryAfter {
  /** The longest delay returned; callers cap far below it. */
  public static final Duration CEILING = Duration.ofDays(36_525);

  private static final Pattern DIGITS = Pattern.compile("\\d+");
  private static final String WEEKDAY = "(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)[a-z]*";
  private static final String TIME = "(\\d{2}):(\\d{2}):(\\d{2})";
  private static final Pattern IMF =
      Pattern.compile(WEEKDAY + ", (\\d{1,2}) ([A-Za-z]{3}) (\\d{4}) " + TIME + " GMT");
  private static final Pattern RFC850 =
      Pattern.compile(WEEKDAY + ", (\\d{2})-([A-Za-z]{3})-(\\d{2}) " + TIME + " GMT");
  private static final Pattern ASCTIME =
      Pattern.compile(WEEKDAY + " ([A-Za-z]{3}) +(\\d{1,2}) " + TIME + " (\\d{4})");
  private static final String MONTHS = "janfebmaraprmayjunjulaugsepoctnovdec";

  private RetryAfter() {}

  /**
   * The delay to honour, from {@code clock}'s now; empty when absent or not one of the forms above
   * (a negative number, a fraction, a date without {@code GMT}); a date in the past is zero; never
   * more than {@link #CEILING}.
   */
  public static Optional<Duration> parse(String header, Clock clock) {
    if (header == null || header.isBlank()) {
      return Optional.empty();
    }
    String h = header.trim();
    if (DIGITS.matcher(h).matches()) {
      // Eighteen digits fit a long; more are past the ceiling anyway.
      long seconds = h.length() > 18 ? Long.MAX_VALUE : Long.parseLong(h);
      return Optional.of(seconds >= CEILING.getSeconds() ? CEILING : Duration.ofSeconds(seconds));
    }
    return date(h, clock.instant().atZone(ZoneOffset.UTC).getYear())
        .map(at -> until(clock.instant(), at));
  }

  private static Duration until(Instant now, Instant at) {
    if (!at.isAfter(now)) {
      return Duration.ZERO;
    }
    if (at.isAfter(now.plus(CEILING))) {
      return CEILING;
    }
    return Duration.between(now, at);
  }

  /**
   * The instant of an HTTP date in any of its three forms (the weekday is not checked against the
   * date); {@code year}, the current one, resolves RFC 850's two-digit year.
   */
  static Optional<Instant> date(String h, int year) {
    Matcher m;
    try {
      if ((m = IMF.matcher(h)).matches()) {
        return at(Integer.parseInt(m.group(3)), m.group(2), m.group(1), m, 4);
      }
      if ((m = RFC850.matcher(h)).matches()) {
        // RFC 9110 §5.6.7: a two-digit year more than 50 years in the future is in the past.
        int full = (year / 100) * 100 + Integer.parseInt(m.group(3));
        if (full > year + 50) {
          full -= 100;
        }
        return at(full, m.group(2), m.group(1), m, 4);
      }
      if ((m = ASCTIME.matcher(h)).matches()) {
        return at(Integer.parseInt(m.group(6)), m.group(1), m.group(2), m, 3);
      }
    } catch (DateTimeException notADate) {
      return Optional.empty();
    }
    return Optional.empty();
  }

  /** The instant of a date whose hour, minute and second are groups {@code time..time+2}. */
  private static Optional<Instant> at(int year, String month, String day, Matcher m, int time) {
    int index = MONTHS.indexOf(month.toLowerCase(Locale.ROOT));
    if (index < 0 || index % 3 != 0) {
      return Optional.empty();
    }
    return Optional.of(
        LocalDateTime.of(
                year,
                index / 3 + 1,
                Integer.parseInt(day),
                Integer.parseInt(m.group(time)),
                Integer.parseInt(m.group(time + 1)),
                Integer.parseInt(m.group(time + 2)))
            .toInstant(ZoneOffset.UTC));
  }
}
