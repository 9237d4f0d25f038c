package io.aurum.core.model;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A named family of series within a source (e.g. EIA {@code ELEC.DEMAND}), as described by the
 * dataset catalog. {@code upstream} holds connector-specific settings (route, facets, …); {@code
 * publicationLag} is how long after a period ends upstream usually has it (timeliness, gap
 * analysis). {@code calendar} is the days the series publish on (daily datasets), {@code
 * seriesCalendars} overrides it per series: a day a series' calendar closes is expected-absent.
 * {@code minValue}..{@code maxValue} is the quality range (outliers lower the score); {@code
 * bounds} are the plausible bounds (values outside them, and non-finite ones, are never data).
 */
public record Dataset(
    SourceId source,
    String name,
    Frequency frequency,
    ZoneId zone,
    String schemaVersion,
    List<String> series,
    String unit,
    double minValue,
    double maxValue,
    Map<String, String> upstream,
    Duration publicationLag,
    BusinessCalendar calendar,
    Map<String, BusinessCalendar> seriesCalendars,
    Bounds bounds) {

  /** A dataset without plausible bounds (only non-finite values are rejected). */
  public Dataset(
      SourceId source,
      String name,
      Frequency frequency,
      ZoneId zone,
      String schemaVersion,
      List<String> series,
      String unit,
      double minValue,
      double maxValue,
      Map<String, String> upstream,
      Duration publicationLag,
      BusinessCalendar calendar,
      Map<String, BusinessCalendar> seriesCalendars) {
    this(
        source,
        name,
        frequency,
        zone,
        schemaVersion,
        series,
        unit,
        minValue,
        maxValue,
        upstream,
        publicationLag,
        calendar,
        seriesCalendars,
        Bounds.NONE);
  }

  /** How long after a period ends upstream usually publishes it, when the catalog does not say. */
  public static Duration defaultPublicationLag(Frequency f) {
    return switch (f) {
      case HOURLY, FIVE_MINUTE -> Duration.ofHours(48);
      case DAILY -> Duration.ofDays(3);
      case MONTHLY -> Duration.ofDays(75);
    };
  }

  /** A dataset whose series publish every day. */
  public Dataset(
      SourceId source,
      String name,
      Frequency frequency,
      ZoneId zone,
      String schemaVersion,
      List<String> series,
      String unit,
      double minValue,
      double maxValue,
      Map<String, String> upstream,
      Duration publicationLag) {
    this(
        source,
        name,
        frequency,
        zone,
        schemaVersion,
        series,
        unit,
        minValue,
        maxValue,
        upstream,
        publicationLag,
        BusinessCalendar.EVERY_DAY,
        Map.of());
  }

  /** A dataset with the default publication lag of its frequency. */
  public Dataset(
      SourceId source,
      String name,
      Frequency frequency,
      ZoneId zone,
      String schemaVersion,
      List<String> series,
      String unit,
      double minValue,
      double maxValue,
      Map<String, String> upstream) {
    this(
        source,
        name,
        frequency,
        zone,
        schemaVersion,
        series,
        unit,
        minValue,
        maxValue,
        upstream,
        defaultPublicationLag(frequency));
  }

  public Dataset {
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(frequency, "frequency");
    Objects.requireNonNull(zone, "zone");
    series = List.copyOf(series);
    upstream = Map.copyOf(upstream);
    publicationLag = publicationLag == null ? defaultPublicationLag(frequency) : publicationLag;
    calendar = calendar == null ? BusinessCalendar.EVERY_DAY : calendar;
    seriesCalendars = Map.copyOf(seriesCalendars == null ? Map.of() : seriesCalendars);
    bounds = bounds == null ? Bounds.NONE : bounds;
    if (series.isEmpty()) {
      throw new IllegalArgumentException("dataset " + name + " has no series");
    }
    for (String s : seriesCalendars.keySet()) {
      if (!series.contains(s)) {
        throw new IllegalArgumentException(
            "dataset " + name + " has a calendar for series " + s + ", which it does not list");
      }
    }
    boolean everyDay =
        calendar == BusinessCalendar.EVERY_DAY
            && seriesCalendars.values().stream().allMatch(c -> c == BusinessCalendar.EVERY_DAY);
    if (!everyDay && frequency != Frequency.DAILY) {
      throw new IllegalArgumentException(
          "dataset " + name + ": a calendar other than every_day needs frequency daily");
    }
  }

  /** The calendar a series publishes on. */
  public BusinessCalendar calendarOf(String seriesId) {
    return seriesCalendars.getOrDefault(seriesId, calendar);
  }

  /**
   * Whether a complete partition holds a row of {@code seriesId} at {@code period}: false on a day
   * the series' calendar closes (a weekend or holiday of a business-day series).
   */
  public boolean expects(String seriesId, Instant period) {
    BusinessCalendar c = calendarOf(seriesId);
    return c == BusinessCalendar.EVERY_DAY || c.isOpen(period.atZone(zone).toLocalDate());
  }

  /**
   * Rows a complete partition holds: per series, the periods in the partition on days its calendar
   * opens (every period for the every-day calendar).
   */
  public int expectedRows(PartitionKey key) {
    int periods = key.periodsIn(this);
    int rows = 0;
    for (String s : series) {
      if (calendarOf(s).isOpen(key.period())) {
        rows += periods;
      }
    }
    return rows;
  }

  /** A copy with other quality settings (schema, unit, range): the calendars carry over. */
  public Dataset withQuality(String schemaVersion, String unit, double minValue, double maxValue) {
    return withQuality(schemaVersion, unit, minValue, maxValue, bounds);
  }

  /** A copy with other quality settings and plausible bounds: the calendars carry over. */
  public Dataset withQuality(
      String schemaVersion, String unit, double minValue, double maxValue, Bounds bounds) {
    return new Dataset(
        source,
        name,
        frequency,
        zone,
        schemaVersion,
        series,
        unit,
        minValue,
        maxValue,
        upstream,
        publicationLag,
        calendar,
        seriesCalendars,
        bounds);
  }

  public String upstream(String key) {
    String v = upstream.get(key);
    if (v == null) {
      throw new IllegalStateException("dataset " + name + " lacks upstream setting '" + key + "'");
    }
    return v;
  }
}
