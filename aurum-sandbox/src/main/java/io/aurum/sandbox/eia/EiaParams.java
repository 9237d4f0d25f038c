package io.aurum.sandbox.eia;

import io.aurum.sandbox.SandboxRequest;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The validated parameters of an EIA v2 data request. Periods are indexes: hours since the epoch
 * (hourly, UTC) or months since year 0 (monthly). Invalid input throws {@link
 * IllegalArgumentException} with EIA's wording, which the emulator answers with a 400.
 */
record EiaParams(
    String frequency,
    List<String> data,
    Map<String, List<String>> facets,
    Long startIndex,
    Long endIndex,
    boolean descending,
    long offset,
    int length) {

  static final int MAX_LENGTH = 5000;
  private static final Pattern FACET = Pattern.compile("facets\\[([^\\]]+)\\]\\[\\d*\\]");
  private static final Pattern DATA = Pattern.compile("data(\\[\\d*\\])?");

  static EiaParams parse(SandboxRequest r, EiaRoute route) {
    String frequency = r.first("frequency") == null ? route.frequency() : r.first("frequency");
    if (!route.frequency().equals(frequency)) {
      throw new IllegalArgumentException(
          "Invalid frequency '"
              + frequency
              + "' provided. The only valid frequencies are '"
              + route.frequency()
              + "'.");
    }
    List<String> data = new ArrayList<>();
    Map<String, List<String>> facets = new LinkedHashMap<>();
    r.query()
        .forEach(
            (name, values) -> {
              if (DATA.matcher(name).matches()) {
                for (String v : values) {
                  if (!route.dataColumn().equals(v)) {
                    throw new IllegalArgumentException(
                        "Invalid data '"
                            + v
                            + "' provided. The only valid data are '"
                            + route.dataColumn()
                            + "'.");
                  }
                  if (!data.contains(v)) {
                    data.add(v);
                  }
                }
              }
              Matcher m = FACET.matcher(name);
              if (m.matches()) {
                String facet = m.group(1);
                if (!facet.equals(route.first().id()) && !facet.equals(route.second().id())) {
                  throw new IllegalArgumentException(
                      "Invalid facet '"
                          + facet
                          + "' provided. The only valid facets are '"
                          + route.first().id()
                          + "', '"
                          + route.second().id()
                          + "'.");
                }
                facets.computeIfAbsent(facet, f -> new ArrayList<>()).addAll(values);
              }
            });
    String sortColumn = r.first("sort[0][column]");
    if (sortColumn != null && !"period".equals(sortColumn)) {
      throw new IllegalArgumentException(
          "Sorting by '" + sortColumn + "' is not supported by the sandbox; sort by 'period'.");
    }
    String direction = r.first("sort[0][direction]");
    if (direction != null && !direction.equals("asc") && !direction.equals("desc")) {
      throw new IllegalArgumentException(
          "Invalid sort direction '" + direction + "': use asc or desc.");
    }
    long offset = nonNegative(r.first("offset"), "offset", 0);
    long length = nonNegative(r.first("length"), "length", MAX_LENGTH);
    return new EiaParams(
        frequency,
        data,
        facets,
        periodIndex(r.first("start"), route, "start"),
        periodIndex(r.first("end"), route, "end"),
        "desc".equals(direction),
        offset,
        (int) Math.min(length, MAX_LENGTH));
  }

  private static long nonNegative(String text, String name, long dflt) {
    if (text == null || text.isEmpty()) {
      return dflt;
    }
    try {
      long v = Long.parseLong(text);
      if (v >= 0) {
        return v;
      }
    } catch (NumberFormatException e) {
      // fall through to the EIA-style message
    }
    throw new IllegalArgumentException(
        "Invalid " + name + " '" + text + "': expected a non-negative integer.");
  }

  /** The index of a start/end value in the route's frequency, or null when absent. */
  static Long periodIndex(String text, EiaRoute route, String name) {
    if (text == null || text.isEmpty()) {
      return null;
    }
    try {
      if (route.hourly()) {
        String t = text.length() == 10 ? text + "T00" : text;
        if (t.length() != 13 || t.charAt(10) != 'T') {
          throw new DateTimeParseException("bad hour", text, 0);
        }
        LocalDateTime hour = LocalDateTime.parse(t + ":00");
        return hour.toEpochSecond(ZoneOffset.UTC) / 3600;
      }
      YearMonth month = YearMonth.parse(text.length() >= 7 ? text.substring(0, 7) : text);
      return monthIndex(month);
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(
          "Invalid "
              + name
              + " '"
              + text
              + "' provided. Use the format "
              + (route.hourly() ? "YYYY-MM-DDTHH" : "YYYY-MM")
              + " for "
              + route.frequency()
              + " data.");
    }
  }

  static long monthIndex(YearMonth m) {
    return m.getYear() * 12L + m.getMonthValue() - 1;
  }

  static YearMonth month(long index) {
    return YearMonth.of((int) Math.floorDiv(index, 12), (int) Math.floorMod(index, 12) + 1);
  }

  /**
   * The last date an end parameter covers: an hour's date in a US zone (12 hours earlier), a day,
   * or a month's last day.
   */
  static LocalDate endDate(String end) {
    if (end == null || end.length() < 7) {
      return null;
    }
    if (end.length() >= 13) {
      return java.time.LocalDateTime.parse(end.substring(0, 13) + ":00")
          .minusHours(12)
          .toLocalDate();
    }
    if (end.length() >= 10) {
      return LocalDate.parse(end.substring(0, 10));
    }
    return YearMonth.parse(end.substring(0, 7)).atEndOfMonth();
  }

  /** The UTC date a start parameter falls on (a monthly start stands for the 1st). */
  static LocalDate startDate(String start) {
    if (start == null || start.length() < 7) {
      return null;
    }
    if (start.length() >= 10) {
      return LocalDate.parse(start.substring(0, 10));
    }
    return YearMonth.parse(start.substring(0, 7)).atDay(1);
  }
}
