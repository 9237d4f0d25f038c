package io.aurum.core.model;

import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A named family of series within a source (e.g. EIA {@code ELEC.DEMAND}), as described by the
 * dataset catalog. {@code upstream} holds connector-specific settings (route, facets, …); {@code
 * publicationLag} is how long after a period ends upstream usually has it (timeliness, gap
 * analysis).
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
    Duration publicationLag) {

  /** How long after a period ends upstream usually publishes it, when the catalog does not say. */
  public static Duration defaultPublicationLag(Frequency f) {
    return switch (f) {
      case HOURLY, FIVE_MINUTE -> Duration.ofHours(48);
      case DAILY -> Duration.ofDays(3);
      case MONTHLY -> Duration.ofDays(75);
    };
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
    if (series.isEmpty()) {
      throw new IllegalArgumentException("dataset " + name + " has no series");
    }
  }

  /** Rows a complete partition holds: series × periods in the partition. */
  public int expectedRows(PartitionKey key) {
    return series.size() * key.periodsIn(this);
  }

  public String upstream(String key) {
    String v = upstream.get(key);
    if (v == null) {
      throw new IllegalStateException("dataset " + name + " lacks upstream setting '" + key + "'");
    }
    return v;
  }
}
