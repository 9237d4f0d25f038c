package io.aurum.connectors.eia;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.io.SerializedString;
import io.aurum.connectors.text.Decimals;
import io.aurum.connectors.text.Texts;
import io.aurum.core.error.UpstreamException;
import io.aurum.core.model.Dataset;
import io.aurum.core.model.Frequency;
import io.aurum.core.model.Observation;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Streams one EIA v2 page with Jackson's {@link JsonParser} (no tree): every row with a value
 * becomes an {@link Observation} whose series id is {@code {facet}-{type}}, whose period is the UTC
 * hour start (hourly; EIA's {@code period} read as hour-beginning UTC) or the first instant of the
 * month/day in the dataset's zone, and whose unit comes from the catalog. {@code null} or absent
 * values are skipped. An in-body {@code error} becomes a classified {@link UpstreamException}; a
 * truncated or malformed body an {@link IOException} (retryable). Immutable and thread-safe.
 */
public final class EiaPageParser {
  private static final JsonFactory JSON = new JsonFactory();

  /** What one page said about itself: rows seen (with or without value), total, truncation. */
  public record Page(long total, int rows, boolean incomplete) {}

  /** What a row's field is to the parser. */
  private enum Field {
    PERIOD,
    FACET,
    TYPE,
    VALUE,
    OTHER
  }

  private final Dataset dataset;
  private final String facet;
  private final String typeFacet;
  private final String dataColumn;
  private final Map<String, String> catalogSeries = new HashMap<>();

  public EiaPageParser(Dataset dataset) {
    this.dataset = dataset;
    dataset.series().forEach(id -> catalogSeries.put(id, id));
    this.facet = dataset.upstream("facet");
    this.typeFacet = dataset.upstream().get("type_facet");
    this.dataColumn = dataset.upstream("data");
  }

  public Page parse(InputStream body, String url, Consumer<Observation> sink) throws IOException {
    Long total = null;
    int rows = 0;
    boolean incomplete = false;
    boolean sawResponse = false;
    String errorCode = null;
    String errorMessage = null;
    Integer errorStatus = null;
    Rows seen = new Rows();
    try (JsonParser p = JSON.createParser(body)) {
      expect(p.nextToken(), JsonToken.START_OBJECT, p);
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String field = p.getCurrentName();
        JsonToken t = p.nextToken();
        if ("response".equals(field) && t == JsonToken.START_OBJECT) {
          sawResponse = true;
          while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.getCurrentName();
            JsonToken v = p.nextToken();
            if ("total".equals(name) && v.isScalarValue()) {
              total = parseTotal(p.getText(), p);
            } else if ("data".equals(name) && v == JsonToken.START_ARRAY) {
              while (p.nextToken() == JsonToken.START_OBJECT) {
                rows++;
                readRow(p, sink, seen);
              }
              expect(p.currentToken(), JsonToken.END_ARRAY, p);
            } else if ("warnings".equals(name) && v == JsonToken.START_ARRAY) {
              incomplete |= readWarnings(p);
            } else {
              p.skipChildren();
            }
          }
        } else if ("error".equals(field)) {
          if (t == JsonToken.START_OBJECT) {
            while (p.nextToken() == JsonToken.FIELD_NAME) {
              String name = p.getCurrentName();
              p.nextToken();
              if ("code".equals(name)) {
                errorCode = p.getValueAsString();
              } else if ("message".equals(name)) {
                errorMessage = p.getValueAsString();
              } else {
                p.skipChildren();
              }
            }
          } else {
            errorMessage = p.getValueAsString();
            p.skipChildren();
          }
        } else if ("code".equals(field) && t == JsonToken.VALUE_NUMBER_INT) {
          errorStatus = p.getIntValue();
        } else {
          p.skipChildren();
        }
      }
      expect(p.currentToken(), JsonToken.END_OBJECT, p);
    }
    if (errorCode != null || errorMessage != null) {
      throw EiaErrors.classify(200, errorStatus, errorCode, errorMessage, null, url);
    }
    if (!sawResponse || total == null) {
      throw new JsonParseException(null, "EIA page without response.total");
    }
    return new Page(total, rows, incomplete);
  }

  /**
   * What the rows of one page repeat, kept once: every period, respondent, type and series text is
   * read from the parser's character buffer and looked up, so a row allocates no string (a page of
   * 5,000 rows has a few hundred distinct texts). Series are the catalog's own string instances,
   * whose hash is cached for the maps and sets of the quality gate. Not thread-safe: one per page.
   */
  private final class Rows {
    final Texts texts = new Texts();
    final Map<String, Instant> periods = new HashMap<>();
    final Map<String, Map<String, String>> seriesByType = new HashMap<>();
    final List<SerializedString> order = new ArrayList<>();
    final List<Field> fields = new ArrayList<>();
    byte[] ascii = new byte[32];
    String lastPeriod;
    Instant lastStart;
    String lastType;
    Map<String, String> lastTypeSeries;

    /** The first row's fields in order (names repeated within it are kept once). */
    void learn(String name, Field field) {
      if (indexOf(name) < 0) {
        order.add(new SerializedString(name));
        fields.add(field);
      }
    }

    int indexOf(String name) {
      for (int i = 0; i < order.size(); i++) {
        if (order.get(i).getValue().equals(name)) {
          return i;
        }
      }
      return -1;
    }

    Instant start(String period) {
      if (period != lastPeriod) {
        lastStart = periods.computeIfAbsent(period, EiaPageParser.this::periodStart);
        lastPeriod = period;
      }
      return lastStart;
    }

    String series(String facetValue, String typeValue) {
      String type = typeFacet == null ? "" : typeValue;
      if (type != lastType) {
        lastTypeSeries = seriesByType.computeIfAbsent(type, k -> new HashMap<>());
        lastType = type;
      }
      String id = lastTypeSeries.get(facetValue);
      if (id == null) {
        String made = typeFacet == null ? facetValue : facetValue + "-" + typeValue;
        id = catalogSeries.getOrDefault(made, made);
        lastTypeSeries.put(facetValue, id);
      }
      return id;
    }

    /**
     * The current string token as a plain decimal ({@link Decimals}), or {@link
     * Decimals#UNHANDLED}: its characters are copied into a scratch buffer of ASCII bytes first
     * (values are a few characters; anything not ASCII is not a plain decimal).
     */
    double decimal(JsonParser p) throws IOException {
      char[] c = p.getTextCharacters();
      int from = p.getTextOffset();
      int n = p.getTextLength();
      if (n > ascii.length) {
        ascii = new byte[Math.max(n, 2 * ascii.length)];
      }
      for (int i = 0; i < n; i++) {
        char ch = c[from + i];
        if (ch > 127) {
          return Decimals.UNHANDLED;
        }
        ascii[i] = (byte) ch;
      }
      return Decimals.parse(ascii, 0, n);
    }

    /** The current scalar token's text, kept once per page; null for a JSON null. */
    String text(JsonParser p, JsonToken t) throws IOException {
      if (t == JsonToken.VALUE_STRING) {
        return texts.of(p.getTextCharacters(), p.getTextOffset(), p.getTextLength());
      }
      return p.getValueAsString();
    }
  }

  private Field field(String name) {
    if (name.equals("period")) {
      return Field.PERIOD;
    } else if (name.equals(facet)) {
      return Field.FACET;
    } else if (name.equals(typeFacet)) {
      return Field.TYPE;
    } else if (name.equals(dataColumn)) {
      return Field.VALUE;
    }
    return Field.OTHER;
  }

  /**
   * One row. EIA sends every row's fields in the same order, so the first row's order is learnt and
   * each later name is matched against the one expected next by its raw bytes ({@link
   * JsonParser#nextFieldName(com.fasterxml.jackson.core.SerializableString)}), without decoding and
   * looking it up; a name out of order takes the general path.
   */
  private void readRow(JsonParser p, Consumer<Observation> sink, Rows seen) throws IOException {
    String period = null;
    String facetValue = null;
    String typeValue = null;
    // A plain decimal is parsed from the buffer into parsed; any other value keeps its text.
    String value = null;
    double parsed = Decimals.UNHANDLED;
    boolean learn = seen.order.isEmpty();
    int next = 0;
    while (true) {
      Field field;
      if (next < seen.order.size() && p.nextFieldName(seen.order.get(next))) {
        field = seen.fields.get(next++);
      } else {
        if (next >= seen.order.size()) {
          p.nextToken();
        }
        if (p.currentToken() != JsonToken.FIELD_NAME) {
          break;
        }
        String name = p.getCurrentName();
        field = field(name);
        if (learn) {
          seen.learn(name, field);
        }
        next = seen.indexOf(name) + 1;
      }
      JsonToken t = p.nextToken();
      if (t == JsonToken.START_OBJECT || t == JsonToken.START_ARRAY) {
        p.skipChildren();
      } else if (field == Field.PERIOD) {
        period = seen.text(p, t);
      } else if (field == Field.FACET) {
        facetValue = seen.text(p, t);
      } else if (field == Field.TYPE) {
        typeValue = seen.text(p, t);
      } else if (field == Field.VALUE) {
        parsed = t == JsonToken.VALUE_STRING ? seen.decimal(p) : Decimals.UNHANDLED;
        value = t == JsonToken.VALUE_NULL || !Double.isNaN(parsed) ? null : p.getValueAsString();
      }
    }
    expect(p.currentToken(), JsonToken.END_OBJECT, p);
    boolean fast = !Double.isNaN(parsed);
    if (!fast && (value == null || value.isBlank())) {
      return; // missing upstream values are absent
    }
    if (period == null || facetValue == null || (typeFacet != null && typeValue == null)) {
      throw UpstreamException.permanent(
          "EIA row lacks period, "
              + facet
              + (typeFacet == null ? "" : " or " + typeFacet)
              + ": schema mismatch",
          null);
    }
    double v = parsed;
    if (!fast) {
      try {
        v = Decimals.number(value);
      } catch (NumberFormatException e) {
        throw UpstreamException.permanent(
            "EIA value '" + value + "' of " + period + " is not a number", null);
      }
    }
    sink.accept(
        new Observation(seen.series(facetValue, typeValue), seen.start(period), v, dataset.unit()));
  }

  /** The instant a period starts: UTC hour-beginning for hourly, the zone's midnight otherwise. */
  Instant periodStart(String period) {
    try {
      if (dataset.frequency() == Frequency.HOURLY) {
        if (period.length() == 13) {
          // UTC hourly, YYYY-MM-DDTHH: the hot path of big pages; java.time parsing of every
          // row cost a quarter of the parse.
          return utcHour(period);
        }
        if (period.length() > 13) {
          // local-hourly carries an offset: 2023-06-23T20-04
          return LocalDateTime.parse(period.substring(0, 13) + ":00")
              .toInstant(ZoneOffset.of(period.substring(13)));
        }
        return LocalDateTime.parse(period + ":00").toInstant(ZoneOffset.UTC);
      }
      if (dataset.frequency() == Frequency.MONTHLY) {
        return YearMonth.parse(period.substring(0, 7))
            .atDay(1)
            .atStartOfDay(dataset.zone())
            .toInstant();
      }
      return LocalDate.parse(period).atStartOfDay(dataset.zone()).toInstant();
    } catch (java.time.DateTimeException | IndexOutOfBoundsException e) {
      throw UpstreamException.permanent(
          "EIA period '" + period + "' does not match frequency " + dataset.frequency(), null);
    }
  }

  private static Instant utcHour(String p) {
    if (p.charAt(4) != '-' || p.charAt(7) != '-' || p.charAt(10) != 'T') {
      throw new DateTimeParseException("not YYYY-MM-DDTHH", p, 0);
    }
    int year = digits(p, 0, 4);
    int month = digits(p, 5, 7);
    int day = digits(p, 8, 10);
    int hour = digits(p, 11, 13);
    // LocalDate.of validates month and day (a 30 February throws DateTimeException).
    long epochDay = LocalDate.of(year, month, day).toEpochDay();
    if (hour > 23) {
      throw new DateTimeParseException("hour out of range", p, 11);
    }
    return Instant.ofEpochSecond(epochDay * 86_400 + hour * 3_600L);
  }

  private static int digits(String s, int from, int to) {
    int v = 0;
    for (int i = from; i < to; i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') {
        throw new DateTimeParseException("not a digit", s, i);
      }
      v = v * 10 + (c - '0');
    }
    return v;
  }

  private static boolean readWarnings(JsonParser p) throws IOException {
    boolean incomplete = false;
    while (p.nextToken() != JsonToken.END_ARRAY) {
      if (p.currentToken() == JsonToken.START_OBJECT) {
        while (p.nextToken() == JsonToken.FIELD_NAME) {
          String name = p.getCurrentName();
          p.nextToken();
          if ("warning".equals(name)
              && "incomplete return".equalsIgnoreCase(p.getValueAsString())) {
            incomplete = true;
          }
          p.skipChildren();
        }
      } else if (p.currentToken() == null) {
        throw new JsonParseException(p, "unexpected end of warnings");
      } else {
        p.skipChildren();
      }
    }
    return incomplete;
  }

  private static long parseTotal(String text, JsonParser p) throws IOException {
    try {
      return Long.parseLong(text.trim());
    } catch (NumberFormatException e) {
      throw new JsonParseException(p, "EIA total '" + text + "' is not a number");
    }
  }

  private static void expect(JsonToken actual, JsonToken expected, JsonParser p)
      throws IOException {
    if (actual != expected) {
      throw new JsonParseException(p, "expected " + expected + " but found " + actual);
    }
  }
}
