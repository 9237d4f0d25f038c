package io.aurum.connectors.iso.pjm;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.aurum.core.error.UpstreamException;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.function.Consumer;

/**
 * Streams one PJM Data Miner 2 page: {@code items[]} (keyed by {@code datetime_beginning_utc},
 * which is UTC without offset; the {@code _ept} twin repeats on the fall-back day), {@code
 * totalRows} and the {@code href} of {@code links[rel=next]}. A body with {@code errors} is a
 * permanent error. Thread-safe (it keeps a bounded cache of parsed time stamps).
 */
public final class PjmPageParser {
  private static final JsonFactory JSON = new JsonFactory();

  /** One LMP row: node id, UTC hour start, value, version. */
  public record Item(String pnodeId, Instant utc, double value, int version) {}

  /** What a page said: rows read, total rows, and the next page's URL (null on the last). */
  public record Page(int rows, long totalRows, String next) {}

  private final String valueColumn;

  public PjmPageParser(String valueColumn) {
    this.valueColumn = valueColumn;
  }

  public Page parse(InputStream body, Consumer<Item> sink) throws IOException {
    int rows = 0;
    long total = -1;
    String next = null;
    String errors = null;
    try (JsonParser p = JSON.createParser(body)) {
      expect(p.nextToken(), JsonToken.START_OBJECT, p);
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String field = p.getCurrentName();
        JsonToken t = p.nextToken();
        if ("items".equals(field) && t == JsonToken.START_ARRAY) {
          while (p.nextToken() == JsonToken.START_OBJECT) {
            rows++;
            Item item = readItem(p);
            if (item != null) {
              sink.accept(item);
            }
          }
          expect(p.currentToken(), JsonToken.END_ARRAY, p);
        } else if ("totalRows".equals(field)) {
          total = p.getValueAsLong();
        } else if ("links".equals(field) && t == JsonToken.START_ARRAY) {
          next = readNext(p);
        } else if ("errors".equals(field)) {
          errors = t.isScalarValue() ? p.getValueAsString() : "present";
          p.skipChildren();
        } else {
          p.skipChildren();
        }
      }
      expect(p.currentToken(), JsonToken.END_OBJECT, p);
    }
    if (errors != null) {
      throw UpstreamException.permanent("PJM answered with errors: " + errors, 200);
    }
    if (total < 0) {
      throw new JsonParseException(null, "PJM page without totalRows");
    }
    return new Page(rows, total, next);
  }

  private Item readItem(JsonParser p) throws IOException {
    String utc = null;
    String node = null;
    Double value = null;
    int version = 1;
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String name = p.getCurrentName();
      JsonToken t = p.nextToken();
      if ("datetime_beginning_utc".equals(name)) {
        utc = p.getValueAsString();
      } else if ("pnode_id".equals(name)) {
        node = p.getValueAsString();
      } else if (valueColumn.equals(name)) {
        value = t.isNumeric() ? p.getDoubleValue() : null;
      } else if ("version_nbr".equals(name) && t.isNumeric()) {
        version = p.getIntValue();
      } else {
        p.skipChildren();
      }
    }
    expect(p.currentToken(), JsonToken.END_OBJECT, p);
    if (value == null) {
      return null;
    }
    if (utc == null || node == null) {
      throw UpstreamException.permanent("PJM item lacks datetime_beginning_utc or pnode_id", 200);
    }
    try {
      return new Item(node, instant(utc), value, version);
    } catch (DateTimeParseException e) {
      throw UpstreamException.permanent("PJM time '" + utc + "' does not parse", 200);
    }
  }

  // Rows of several nodes share an hour: parse each stamp once per parser.
  private final java.util.Map<String, Instant> stamps =
      new java.util.concurrent.ConcurrentHashMap<>();

  private Instant instant(String utc) {
    Instant at = stamps.get(utc);
    if (at == null) {
      at = LocalDateTime.parse(utc).toInstant(ZoneOffset.UTC);
      if (stamps.size() < 100_000) {
        stamps.put(utc, at);
      }
    }
    return at;
  }

  private static String readNext(JsonParser p) throws IOException {
    String next = null;
    while (p.nextToken() == JsonToken.START_OBJECT) {
      String rel = null;
      String href = null;
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String name = p.getCurrentName();
        p.nextToken();
        if ("rel".equals(name)) {
          rel = p.getValueAsString();
        } else if ("href".equals(name)) {
          href = p.getValueAsString();
        } else {
          p.skipChildren();
        }
      }
      if ("next".equals(rel)) {
        next = href;
      }
    }
    expect(p.currentToken(), JsonToken.END_ARRAY, p);
    return next;
  }

  private static void expect(JsonToken actual, JsonToken expected, JsonParser p)
      throws IOException {
    if (actual != expected) {
      throw new JsonParseException(p, "expected " + expected + " but found " + actual);
    }
  }
}
