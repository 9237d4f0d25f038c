package io.aurum.connectors.fred;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.aurum.connectors.text.Decimals;
import io.aurum.core.error.UpstreamException;
import io.aurum.core.model.Observation;
import java.io.IOException;
import java.io.InputStream;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.function.Consumer;

/**
 * Streams one FRED observations page: every {@code {"date","value"}} becomes an observation at the
 * start of that date in the dataset's zone; {@code "."} (FRED's missing value) is skipped, so the
 * period is absent. An in-body {@code error_code} is classified by {@link FredErrors}; a truncated
 * or malformed body is an {@link IOException}. Immutable and thread-safe.
 */
public final class FredPageParser {
  private static final JsonFactory JSON = new JsonFactory();

  /** What a page said about itself: total {@code count} and rows seen (with or without value). */
  public record Page(long count, int rows, int missing) {}

  private final ZoneId zone;
  private final String unit;

  public FredPageParser(ZoneId zone, String unit) {
    this.zone = zone;
    this.unit = unit;
  }

  public Page parse(InputStream body, String seriesId, String url, Consumer<Observation> sink)
      throws IOException {
    Long count = null;
    int rows = 0;
    int missing = 0;
    Integer errorCode = null;
    String errorMessage = null;
    try (JsonParser p = JSON.createParser(body)) {
      expect(p.nextToken(), JsonToken.START_OBJECT, p);
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String field = p.getCurrentName();
        JsonToken t = p.nextToken();
        if ("count".equals(field) && t.isNumeric()) {
          count = p.getLongValue();
        } else if ("error_code".equals(field)) {
          errorCode = p.getValueAsInt();
        } else if ("error_message".equals(field)) {
          errorMessage = p.getValueAsString();
        } else if ("observations".equals(field) && t == JsonToken.START_ARRAY) {
          while (p.nextToken() == JsonToken.START_OBJECT) {
            rows++;
            if (!readRow(p, seriesId, sink)) {
              missing++;
            }
          }
          expect(p.currentToken(), JsonToken.END_ARRAY, p);
        } else {
          p.skipChildren();
        }
      }
      expect(p.currentToken(), JsonToken.END_OBJECT, p);
    }
    if (errorCode != null || errorMessage != null) {
      throw FredErrors.classify(
          errorCode == null ? 400 : errorCode, errorMessage, null, url, "in body");
    }
    if (count == null) {
      throw new JsonParseException(null, "FRED page without count");
    }
    return new Page(count, rows, missing);
  }

  private boolean readRow(JsonParser p, String seriesId, Consumer<Observation> sink)
      throws IOException {
    String date = null;
    String value = null;
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String name = p.getCurrentName();
      JsonToken t = p.nextToken();
      if ("date".equals(name)) {
        date = p.getValueAsString();
      } else if ("value".equals(name)) {
        value = t == JsonToken.VALUE_NULL ? null : p.getValueAsString();
      } else {
        p.skipChildren();
      }
    }
    expect(p.currentToken(), JsonToken.END_OBJECT, p);
    if (value == null || value.isBlank() || ".".equals(value.trim())) {
      return false;
    }
    if (date == null) {
      throw UpstreamException.permanent("FRED observation without date: schema mismatch", null);
    }
    try {
      sink.accept(
          new Observation(
              seriesId, day(date).atStartOfDay(zone).toInstant(), Decimals.number(value), unit));
    } catch (DateTimeParseException | NumberFormatException e) {
      throw UpstreamException.permanent(
          "FRED observation " + date + "=" + value + " of " + seriesId + " does not parse", null);
    }
    return true;
  }

  /** {@code YYYY-MM-DD} without a formatter (the hot path of a 100,000-row page). */
  static LocalDate day(String s) {
    if (s.length() == 10 && s.charAt(4) == '-' && s.charAt(7) == '-') {
      try {
        return LocalDate.of(
            Integer.parseInt(s, 0, 4, 10),
            Integer.parseInt(s, 5, 7, 10),
            Integer.parseInt(s, 8, 10, 10));
      } catch (RuntimeException e) {
        throw new DateTimeParseException("bad date", s, 0);
      }
    }
    return LocalDate.parse(s);
  }

  private static void expect(JsonToken actual, JsonToken expected, JsonParser p)
      throws IOException {
    if (actual != expected) {
      throw new JsonParseException(p, "expected " + expected + " but found " + actual);
    }
  }
}
