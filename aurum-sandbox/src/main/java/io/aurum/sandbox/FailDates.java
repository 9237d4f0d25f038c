package io.aurum.sandbox;

import java.time.LocalDate;
import java.util.Set;
import java.util.TreeSet;

/**
 * The permanent failures of {@link Faults}: the days an upstream refuses, and whether a request's
 * range holds one. Not thread-safe: {@link Faults} reads and writes it under its own lock.
 */
final class FailDates {
  private final TreeSet<LocalDate> dates = new TreeSet<>();

  void set(Set<LocalDate> days) {
    dates.clear();
    dates.addAll(days);
  }

  void clear() {
    dates.clear();
  }

  Set<LocalDate> copy() {
    return Set.copyOf(dates);
  }

  boolean contains(LocalDate date) {
    return date != null && dates.contains(date);
  }

  /** Whether a failing date lies in [start, end] (end null: the start alone). */
  boolean within(LocalDate start, LocalDate end) {
    if (start == null) {
      return false;
    }
    LocalDate last = end == null ? start : end;
    LocalDate first = dates.ceiling(start);
    return first != null && !first.isAfter(last);
  }
}
