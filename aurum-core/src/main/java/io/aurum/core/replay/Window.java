package io.aurum.core.replay;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.aurum.core.model.Checksums;
import io.aurum.core.model.Observation;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * A window of a partition (docs/architecture.md, "The model"): the UTC hour starts to refetch and,
 * optionally, the series. Each instant covers one hour, so a window of hours holds every 5-minute
 * period inside them too. Stored as the task's {@code window} JSON, e.g. {@code
 * {"instants":["2024-12-31T15:00:00Z"]}}. Copy-on-write: the new version is the window's rows from
 * upstream plus the head's other rows.
 */
public record Window(List<Instant> instants, List<String> series) {
  private static final ObjectMapper JSON = new ObjectMapper();

  public Window {
    instants = List.copyOf(new TreeSet<>(instants));
    series = series == null ? List.of() : List.copyOf(series);
    if (instants.isEmpty()) {
      throw new IllegalArgumentException("a window needs at least one instant");
    }
  }

  /** First instant to fetch (inclusive). */
  public Instant from() {
    return instants.get(0);
  }

  /** First instant after the window (exclusive): one hour after the last instant. */
  public Instant to() {
    return instants.get(instants.size() - 1).plus(Duration.ofHours(1));
  }

  /** Whether the row's period lies in one of the window's hours (and its series is selected). */
  public boolean contains(Observation o) {
    int i = Collections.binarySearch(instants, o.period());
    boolean inHour =
        i >= 0
            || (-i - 2 >= 0 && o.period().isBefore(instants.get(-i - 2).plus(Duration.ofHours(1))));
    return inHour && (series.isEmpty() || series.contains(o.seriesId()));
  }

  /** The new version's rows: upstream rows inside the window, the head's rows outside it. */
  public List<Observation> merge(List<Observation> fetched, List<Observation> head) {
    List<Observation> out = new ArrayList<>(head.size() + fetched.size());
    for (Observation o : head) {
      if (!contains(o)) {
        out.add(o);
      }
    }
    for (Observation o : fetched) {
      if (contains(o)) {
        out.add(o);
      }
    }
    out.sort(Checksums.CANONICAL_ORDER);
    return out;
  }

  public String toJson() {
    ObjectNode n = JSON.createObjectNode();
    ArrayNode a = n.putArray("instants");
    instants.forEach(i -> a.add(i.toString()));
    if (!series.isEmpty()) {
      ArrayNode s = n.putArray("series");
      series.forEach(s::add);
    }
    return n.toString();
  }

  /** The window of a task's JSON, or null for a whole partition. */
  public static Window parse(String json) {
    if (json == null || json.isBlank()) {
      return null;
    }
    try {
      JsonNode n = JSON.readTree(json);
      List<Instant> instants = new ArrayList<>();
      n.path("instants").forEach(i -> instants.add(Instant.parse(i.asText())));
      List<String> series = new ArrayList<>();
      n.path("series").forEach(s -> series.add(s.asText()));
      if (instants.isEmpty()) {
        return null;
      }
      return new Window(instants, series);
    } catch (IOException e) {
      throw new UncheckedIOException("malformed task window " + json, e);
    }
  }

  /** Hours (0–23, local) that the window covers, for ids and messages. */
  public static Set<Integer> hours(List<Instant> instants, java.time.ZoneId zone) {
    Set<Integer> out = new TreeSet<>();
    instants.forEach(i -> out.add(i.atZone(zone).getHour()));
    return out;
  }
}
