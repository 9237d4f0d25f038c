package io.aurum.connectors.noaa;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.aurum.core.error.UpstreamException;
import io.aurum.core.model.Observation;
import java.io.IOException;
import java.io.InputStream;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.function.Consumer;

/**
 * Streams one CDO v2 {@code data} page: {@code metadata.resultset.count} and every {@code results}
 * row, which becomes an observation of series {@code {station}-{datatype}} (station without its
 * {@code GHCND:} prefix) at the start of {@code date} in the dataset's zone — CDO dates carry no
 * zone; they are the station's local observation day. An empty {@code {}} (CDO's answer when
 * nothing matches) is a page of zero rows out of zero. Immutable and thread-safe.
 */
public final class NoaaPageParser {
  private static final JsonFactory JSON = new JsonFactory();

  /** What a page said: total count (0 for {@code {}}) and rows read. */
  public record Page(long count, int rows) {}

  private final ZoneId zone;
  private final String unit;

  public NoaaPageParser(ZoneId zone, String unit) {
    this.zone = zone;
    this.unit = unit;
  }

  public Page parse(InputStream body, Consumer<Observation> sink) throws IOException {
    long count = 0;
    int rows = 0;
    boolean sawResults = false;
    java.util.Map<String, java.time.Instant> days = new java.util.HashMap<>();
    try (JsonParser p = JSON.createParser(body)) {
      expect(p.nextToken(), JsonToken.START_OBJECT, p);
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String field = p.getCurrentName();
        JsonToken t = p.nextToken();
        if ("metadata".equals(field) && t == JsonToken.START_OBJECT) {
          count = readCount(p);
        } else if ("results".equals(field) && t == JsonToken.START_ARRAY) {
          sawResults = true;
          while (p.nextToken() == JsonToken.START_OBJECT) {
            rows++;
            readRow(p, sink, days);
          }
          expect(p.currentToken(), JsonToken.END_ARRAY, p);
        } else {
          p.skipChildren();
        }
      }
      expect(p.currentToken(), JsonToken.END_OBJECT, p);
    }
    if (sawResults && count == 0 && rows > 0) {
      throw new JsonParseException(null, "CDO results without metadata.resultset.count");
    }
    return new Page(count, rows);
  }

  private static long readCount(JsonParser p) throws IOException {
    long count = 0;
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String name = p.getCurrentName();
      JsonToken t = p.nextToken();
      if ("resultset".equals(name) && t == JsonToken.START_OBJECT) {
        while (p.nextToken() == JsonToken.FIELD_NAME) {
          String n = p.getCurrentName();
          p.nextToken();
          if ("count".equals(n)) {
            count = p.getValueAsLong();
          } else {
            p.skipChildren();
          }
        }
      } else {
        p.skipChildren();
      }
    }
    return count;
  }

  private void readRow(
      JsonParser p, Consumer<Observation> sink, java.util.Map<String, java.time.Instant> days)
      throws IOException {
    String date = null;
    String type = null;
    String station = null;
    Double value = null;
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String name = p.getCurrentName();
      JsonToken t = p.nextToken();
      switch (name) {
        case "date" -> date = p.getValueAsString();
        case "datatype" -> type = p.getValueAsString();
        case "station" -> station = p.getValueAsString();
        case "value" -> value = t.isNumeric() ? p.getDoubleValue() : null;
        default -> p.skipChildren();
      }
    }
    expect(p.currentToken(), JsonToken.END_OBJECT, p);
    if (value == null) {
      return;
    }
    if (date == null || type == null || station == null) {
      throw UpstreamException.permanent("CDO row lacks date, datatype or station", null);
    }
    String stationId = station.substring(station.indexOf(':') + 1);
    try {
      java.time.Instant at =
          days.computeIfAbsent(
              date,
              t ->
                  LocalDate.parse(t.length() > 10 ? t.substring(0, 10) : t)
                      .atStartOfDay(zone)
                      .toInstant());
      sink.accept(new Observation(stationId + "-" + type, at, value, unit));
    } catch (DateTimeParseException e) {
      throw UpstreamException.permanent("CDO date '" + date + "' does not parse", null);
    }
  }

  private static void expect(JsonToken actual, JsonToken expected, JsonParser p)
      throws IOException {
    if (actual != expected) {
      throw new JsonParseException(p, "expected " + expected + " but found " + actual);
    }
  }
}
