package io.aurum.sandbox;

import java.time.LocalDate;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Revision counters per source and UTC date. An emulator mixes the counter of a period's date into
 * its values, so bumping a date range changes the values of exactly those periods. Thread-safe.
 */
public final class Revisions {
  /** A guard against a typo reviving a century of days. */
  public static final int MAX_DAYS_PER_CALL = 36_600;

  private final Map<String, Map<LocalDate, Integer>> counters = new ConcurrentHashMap<>();

  /** Bumps the revision of every date in [start, end] (inclusive); returns the number of days. */
  public int revise(String source, LocalDate start, LocalDate end) {
    if (end.isBefore(start)) {
      throw new IllegalArgumentException("end " + end + " is before start " + start);
    }
    long days = java.time.temporal.ChronoUnit.DAYS.between(start, end) + 1;
    if (days > MAX_DAYS_PER_CALL) {
      throw new IllegalArgumentException("range too long: " + days + " days");
    }
    Map<LocalDate, Integer> bySource =
        counters.computeIfAbsent(source, s -> new ConcurrentHashMap<>());
    for (LocalDate d = start; !d.isAfter(end); d = d.plusDays(1)) {
      bySource.merge(d, 1, Integer::sum);
    }
    return (int) days;
  }

  /** The revision of a date: 0 until revised. */
  public int revision(String source, LocalDate date) {
    Map<LocalDate, Integer> bySource = counters.get(source);
    return bySource == null ? 0 : bySource.getOrDefault(date, 0);
  }

  public void clear(String source) {
    counters.remove(source);
  }
}
