package io.aurum.connectors.cpi;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Streams a BLS v2 answer: {@code status}, {@code message[]} and every data point of every series
 * under {@code Results} — which BLS sends as an object ({@code {"series":[…]}}) in live answers and
 * as an array of such objects in its documentation, so both are read. Points are handed over as
 * they are read, whatever the status; {@link CpiErrors} decides what the status and messages mean.
 * Immutable and thread-safe.
 */
public final class CpiPayloadParser {
  private static final JsonFactory JSON = new JsonFactory();

  /** One data point as BLS sends it; {@code preliminary} when a footnote has code {@code P}. */
  public record Point(
      String seriesId, int year, String period, String value, boolean preliminary) {}

  /** The envelope: status and messages, and how many points were read. */
  public record Outcome(String status, List<String> messages, int points) {}

  public Outcome parse(InputStream body, Consumer<Point> sink) throws IOException {
    String status = null;
    List<String> messages = new ArrayList<>();
    int[] points = {0};
    try (JsonParser p = JSON.createParser(body)) {
      expect(p.nextToken(), JsonToken.START_OBJECT, p);
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String field = p.getCurrentName();
        JsonToken t = p.nextToken();
        if ("status".equals(field)) {
          status = p.getValueAsString();
        } else if ("message".equals(field) && t == JsonToken.START_ARRAY) {
          while (p.nextToken() != JsonToken.END_ARRAY) {
            if (p.currentToken() == null) {
              throw new JsonParseException(p, "unexpected end of message[]");
            }
            if (p.currentToken().isScalarValue()) {
              messages.add(p.getValueAsString());
            } else {
              p.skipChildren();
            }
          }
        } else if ("Results".equals(field) && t == JsonToken.START_OBJECT) {
          readResults(p, sink, points);
        } else if ("Results".equals(field) && t == JsonToken.START_ARRAY) {
          while (p.nextToken() == JsonToken.START_OBJECT) {
            readResults(p, sink, points);
          }
          expect(p.currentToken(), JsonToken.END_ARRAY, p);
        } else {
          p.skipChildren();
        }
      }
      expect(p.currentToken(), JsonToken.END_OBJECT, p);
    }
    if (status == null) {
      throw new JsonParseException(null, "BLS answer without status");
    }
    return new Outcome(status, messages, points[0]);
  }

  /** Reads one {@code {"series":[…]}} object; the parser is on its START_OBJECT. */
  private void readResults(JsonParser p, Consumer<Point> sink, int[] points) throws IOException {
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String name = p.getCurrentName();
      JsonToken t = p.nextToken();
      if ("series".equals(name) && t == JsonToken.START_ARRAY) {
        while (p.nextToken() == JsonToken.START_OBJECT) {
          readSeries(p, sink, points);
        }
        expect(p.currentToken(), JsonToken.END_ARRAY, p);
      } else {
        p.skipChildren();
      }
    }
    expect(p.currentToken(), JsonToken.END_OBJECT, p);
  }

  private void readSeries(JsonParser p, Consumer<Point> sink, int[] points) throws IOException {
    String id = null;
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String name = p.getCurrentName();
      JsonToken t = p.nextToken();
      if ("seriesID".equals(name)) {
        id = p.getValueAsString();
      } else if ("data".equals(name) && t == JsonToken.START_ARRAY) {
        if (id == null) {
          throw new JsonParseException(p, "BLS series data before seriesID");
        }
        while (p.nextToken() == JsonToken.START_OBJECT) {
          sink.accept(readPoint(p, id));
          points[0]++;
        }
        expect(p.currentToken(), JsonToken.END_ARRAY, p);
      } else {
        p.skipChildren();
      }
    }
    expect(p.currentToken(), JsonToken.END_OBJECT, p);
  }

  private Point readPoint(JsonParser p, String id) throws IOException {
    String year = null;
    String period = null;
    String value = null;
    boolean preliminary = false;
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String name = p.getCurrentName();
      JsonToken t = p.nextToken();
      if ("year".equals(name)) {
        year = p.getValueAsString();
      } else if ("period".equals(name)) {
        period = p.getValueAsString();
      } else if ("value".equals(name)) {
        value = p.getValueAsString();
      } else if ("footnotes".equals(name) && t == JsonToken.START_ARRAY) {
        preliminary = readFootnotes(p);
      } else {
        p.skipChildren();
      }
    }
    expect(p.currentToken(), JsonToken.END_OBJECT, p);
    if (year == null || period == null) {
      throw new JsonParseException(p, "BLS data point without year or period");
    }
    try {
      return new Point(id, Integer.parseInt(year.trim()), period, value, preliminary);
    } catch (NumberFormatException e) {
      throw new JsonParseException(p, "BLS year '" + year + "' is not a number");
    }
  }

  private static boolean readFootnotes(JsonParser p) throws IOException {
    boolean preliminary = false;
    while (p.nextToken() != JsonToken.END_ARRAY) {
      if (p.currentToken() == JsonToken.START_OBJECT) {
        while (p.nextToken() == JsonToken.FIELD_NAME) {
          String name = p.getCurrentName();
          p.nextToken();
          if ("code".equals(name) && "P".equalsIgnoreCase(p.getValueAsString())) {
            preliminary = true;
          }
          p.skipChildren();
        }
      } else if (p.currentToken() == null) {
        throw new JsonParseException(p, "unexpected end of footnotes");
      } else {
        p.skipChildren();
      }
    }
    return preliminary;
  }

  private static void expect(JsonToken actual, JsonToken expected, JsonParser p)
      throws IOException {
    if (actual != expected) {
      throw new JsonParseException(p, "expected " + expected + " but found " + actual);
    }
  }
}
