package io.aurum.core.replay;

import io.aurum.core.error.AurumException;
import io.aurum.core.error.Vocabulary;
import io.aurum.core.request.Origin;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * Turns the runbook's {@code --hours 14,15,16} or {@code 10-16} on a day, or a local time range,
 * into the UTC hour starts they name, DST-aware: on a 25-hour day hour 1 names both repeated hours;
 * an hour that does not exist (2 on a spring-forward day) is bad input.
 */
public final class HourWindows {
  private HourWindows() {}

  /** Parses {@code 14,15,16}, {@code 10-16} or a mix; every hour must be in 0–23. */
  public static List<Integer> parseHours(String text) {
    return parseHours(text, Vocabulary.CONCEPTS);
  }

  /** {@link #parseHours(String)}, a bad value named the way {@code o} wrote it. */
  public static List<Integer> parseHours(String text, Origin o) {
    String hours = o.name("hours");
    TreeSet<Integer> out = new TreeSet<>();
    if (text == null || text.isBlank()) {
      throw new AurumException.BadInput(hours + " is empty: use e.g. 14,15,16 or 10-16");
    }
    for (String part : text.split(",")) {
      String p = part.trim();
      try {
        int dash = p.indexOf('-', 1);
        int a = Integer.parseInt(dash < 0 ? p : p.substring(0, dash).trim());
        int b = dash < 0 ? a : Integer.parseInt(p.substring(dash + 1).trim());
        if (a < 0 || a > 23 || b < 0 || b > 23) {
          throw new AurumException.BadInput(
              hours + " " + text + ": hours must be between 0 and 23 (local hour of day)");
        }
        if (b < a) {
          throw new AurumException.BadInput(
              hours + " " + text + ": range " + p + " runs backwards");
        }
        for (int h = a; h <= b; h++) {
          out.add(h);
        }
      } catch (NumberFormatException e) {
        throw new AurumException.BadInput(
            hours + " " + text + ": '" + p + "' is not an hour: use e.g. 14,15,16 or 10-16");
      }
    }
    return List.copyOf(out);
  }

  /** The UTC starts of the given local hours of {@code day} in {@code zone}. */
  public static List<Instant> instants(LocalDate day, ZoneId zone, List<Integer> hours) {
    return instants(day, zone, hours, Vocabulary.CONCEPTS);
  }

  /**
   * {@link #instants(LocalDate, ZoneId, List)}, a missing hour named the way {@code o} wrote it.
   */
  public static List<Instant> instants(LocalDate day, ZoneId zone, List<Integer> hours, Origin o) {
    Instant start = day.atStartOfDay(zone).toInstant();
    Instant end = day.plusDays(1).atStartOfDay(zone).toInstant();
    List<Instant> out = new ArrayList<>();
    TreeSet<Integer> seen = new TreeSet<>();
    for (Instant t = start; t.isBefore(end); t = t.plusSeconds(3600)) {
      int h = t.atZone(zone).getHour();
      if (hours.contains(h)) {
        out.add(t);
        seen.add(h);
      }
    }
    for (int h : hours) {
      if (!seen.contains(h)) {
        throw new AurumException.BadInput(
            "hour "
                + h
                + " does not exist on "
                + day
                + " in "
                + zone
                + " (clocks spring forward that night): drop it from "
                + o.name("hours"));
      }
    }
    return out;
  }

  /** The UTC hour starts in the local range [start, end). */
  public static List<Instant> range(LocalDateTime start, LocalDateTime end, ZoneId zone) {
    return range(start, end, zone, Vocabulary.CONCEPTS);
  }

  /** {@link #range(LocalDateTime, LocalDateTime, ZoneId)}, named the way {@code o} wrote them. */
  public static List<Instant> range(LocalDateTime start, LocalDateTime end, ZoneId zone, Origin o) {
    if (!end.isAfter(start)) {
      throw new AurumException.BadInput(
          o.name("end_time") + " " + end + " is not after " + o.name("start_time") + " " + start);
    }
    ZonedDateTime s = start.atZone(zone);
    Instant from = s.toInstant();
    Instant to = end.atZone(zone).toInstant();
    List<Instant> out = new ArrayList<>();
    for (Instant t = from; t.isBefore(to); t = t.plusSeconds(3600)) {
      out.add(t);
    }
    return out;
  }
}
