package io.aurum.connectors.iso.caiso;

/**
 * A hand parser for the date-times CAISO sends, read straight from the bytes (decimals: {@link
 * io.aurum.connectors.text.Decimals}). It takes only the plain shapes whose result it can give
 * exactly as {@code OffsetDateTime.parse} would, validates them fully, and returns a "not handled"
 * value for anything else so that the caller falls back to the JDK parser (same result, same
 * exception). Stateless.
 */
final class AsciiFields {
  /** Returned by {@link #epochSecond} for a stamp it does not handle. */
  static final long UNHANDLED = Long.MIN_VALUE;

  private AsciiFields() {}

  /**
   * {@code yyyy-MM-ddTHH:mm[:ss]} followed by {@code Z} or {@code ±HH:MM} (as {@code
   * 2024-01-01T08:00-00:00} or {@code 2024-01-01T08:00:00-00:00}), fully validated (month, day of
   * that month, hour, minute, second, offset), as seconds since the epoch; {@link #UNHANDLED} for
   * any other shape or an invalid value.
   */
  static long epochSecond(byte[] b, int from, int to) {
    int n = to - from;
    boolean seconds = n == 20 || n == 25;
    if (n != 17 && n != 22 && !seconds) {
      return UNHANDLED;
    }
    int year = digit(b, from) * 1000 + digit(b, from + 1) * 100 + number(b, from + 2);
    int month = number(b, from + 5);
    int day = number(b, from + 8);
    int hour = number(b, from + 11);
    int minute = number(b, from + 14);
    if (year < 0
        || month < 1
        || month > 12
        || day < 1
        || day > monthLength(year, month)
        || hour < 0
        || hour > 23
        || minute < 0
        || minute > 59
        || b[from + 4] != '-'
        || b[from + 7] != '-'
        || b[from + 10] != 'T'
        || b[from + 13] != ':') {
      return UNHANDLED;
    }
    int second = 0;
    int o = from + 16;
    if (seconds) {
      second = number(b, from + 17);
      if (b[o] != ':' || second < 0 || second > 59) {
        return UNHANDLED;
      }
      o += 3;
    }
    int offset;
    if (to - o == 1 && b[o] == 'Z') {
      offset = 0;
    } else if (to - o == 6 && (b[o] == '+' || b[o] == '-') && b[o + 3] == ':') {
      int oh = number(b, o + 1);
      int om = number(b, o + 4);
      if (oh < 0 || oh > 17 || om < 0 || om > 59) {
        return UNHANDLED;
      }
      offset = (b[o] == '-' ? -1 : 1) * (oh * 3600 + om * 60);
    } else {
      return UNHANDLED;
    }
    return epochDay(year, month, day) * 86_400L + hour * 3600L + minute * 60L + second - offset;
  }

  /** Two ASCII digits' value, or a negative number if either is not a digit. */
  private static int number(byte[] b, int at) {
    return digit(b, at) * 10 + digit(b, at + 1);
  }

  /** An ASCII digit's value, or a number negative enough to keep any sum above negative. */
  private static int digit(byte[] b, int at) {
    int d = b[at] - '0';
    return d >= 0 && d <= 9 ? d : -1_000_000;
  }

  private static int monthLength(int year, int month) {
    if (month == 2) {
      boolean leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
      return leap ? 29 : 28;
    }
    return month == 4 || month == 6 || month == 9 || month == 11 ? 30 : 31;
  }

  /** Days from 1970-01-01 in the proleptic Gregorian calendar (as {@code LocalDate.toEpochDay}). */
  static long epochDay(int year, int month, int day) {
    long y = month <= 2 ? year - 1 : year;
    long era = Math.floorDiv(y, 400);
    long yearOfEra = y - era * 400;
    long dayOfYear = (153L * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
    long dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear;
    return era * 146_097 + dayOfEra - 719_468;
  }
}
