package io.aurum.sandbox.eia;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.aurum.sandbox.BadValues;
import io.aurum.sandbox.EmulatorBase;
import io.aurum.sandbox.Revisions;
import io.aurum.sandbox.SandboxRequest;
import io.aurum.sandbox.SandboxResponse;
import io.aurum.sandbox.Values;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Emulates EIA API v2 under {@code /v2/}: {@code /v2/{route}/data/} for the routes of {@link
 * EiaRoute}, route metadata at {@code /v2/{route}/}, and {@code /v2/seriesid/{ID}} for the v1 ids
 * {@code EBA.{BA}-ALL.{TYPE}.H}, {@code EBA.{BA}-ALL.NG.{FUEL}.H} and {@code
 * ELEC.PRICE.{STATE}-{SECTOR}.M}. Hourly periods are UTC hour-beginning {@code YYYY-MM-DDTHH}; data
 * exists from 2015-07-01T05 (hourly) and 2001-01 (monthly) up to the last complete hour, or two
 * months before the current one. Rows are ordered by period, then facet values. An answer holds at
 * most 5,000 rows, whatever {@code length} asks: a larger result is cut there with the {@code
 * warnings} entry "incomplete return" and the full {@code total}, as EIA does; {@link #rowCap}
 * lowers the cut, to emulate a server that cuts a page shorter still. Thread-safe.
 */
public final class EiaEmulator extends EmulatorBase {
  public static final String SOURCE = "eia";
  static final String API_VERSION = "2.1.8";
  static final long FIRST_HOUR = Instant.parse("2015-07-01T05:00:00Z").getEpochSecond() / 3600;
  static final long FIRST_MONTH = EiaParams.monthIndex(YearMonth.of(2001, 1));
  private static final DateTimeFormatter HOUR =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH").withZone(ZoneOffset.UTC);
  private static final Pattern EBA = Pattern.compile("EBA\\.([A-Z0-9]+)-ALL\\.([A-Z]+)\\.H");
  private static final Pattern EBA_FUEL =
      Pattern.compile("EBA\\.([A-Z0-9]+)-ALL\\.NG\\.([A-Z]+)\\.H");
  private static final Pattern PRICE = Pattern.compile("ELEC\\.PRICE\\.([A-Z]+)-([A-Z]+)\\.M");
  private static final JsonFactory JSON = new JsonFactory();

  private volatile int rowCap = EiaParams.MAX_LENGTH;
  private volatile BadValues badValues = new BadValues();

  public EiaEmulator(Revisions revisions, Set<String> rejectedKeys, Clock clock) {
    super(SOURCE, "/v2/", revisions, rejectedKeys, clock);
  }

  /**
   * Sets the most rows one answer holds (5,000 by default, EIA's limit; at most that): a page asked
   * for more is cut there, with the "incomplete return" warning and the full {@code total}.
   */
  public void rowCap(int rows) {
    if (rows < 1 || rows > EiaParams.MAX_LENGTH) {
      throw new IllegalArgumentException(
          "row cap must be 1.." + EiaParams.MAX_LENGTH + ": " + rows);
    }
    this.rowCap = rows;
  }

  @Override
  public LocalDate startDate(SandboxRequest request) {
    return EiaParams.startDate(request.first("start"));
  }

  @Override
  public LocalDate endDate(SandboxRequest request) {
    return EiaParams.endDate(request.first("end"));
  }

  @Override
  public SandboxResponse handle(SandboxRequest r) {
    String key = r.first("api_key");
    if (key == null || key.isBlank()) {
      return keyError(
          "API_KEY_MISSING",
          "No api_key was supplied.  Please register for one at"
              + " https://www.eia.gov/opendata/register.php");
    }
    if (rejectedKeys.contains(key)) {
      return keyError(
          "API_KEY_INVALID",
          "An invalid api_key has been supplied. Please check the api_key or register for one at"
              + " https://www.eia.gov/opendata/register.php");
    }
    String rest = r.path().substring(pathPrefix().length());
    if (rest.startsWith("seriesid/")) {
      return seriesId(r, rest.substring("seriesid/".length()).replaceAll("/+$", ""));
    }
    String trimmed = rest.replaceAll("/+$", "");
    if (trimmed.endsWith("/data")) {
      EiaRoute route = EiaRoute.find(trimmed.substring(0, trimmed.length() - "/data".length()));
      if (route == null) {
        return error(404, "Not found.");
      }
      return data(route, EiaParams.parse(r, route), "/v2/" + route.id() + "/data/");
    }
    EiaRoute route = EiaRoute.find(trimmed);
    return route == null ? error(404, "Not found.") : metadata(route);
  }

  private SandboxResponse seriesId(SandboxRequest r, String id) {
    EiaRoute route;
    String first;
    String second;
    Matcher m;
    if ((m = EBA_FUEL.matcher(id)).matches()) {
      route = EiaRoute.find("electricity/rto/fuel-type-data");
    } else if ((m = EBA.matcher(id)).matches()) {
      route = EiaRoute.find("electricity/rto/region-data");
    } else if ((m = PRICE.matcher(id)).matches()) {
      route = EiaRoute.find("electricity/retail-sales");
    } else {
      return error(404, "Series " + id + " was not found.");
    }
    first = m.group(1);
    second = m.group(2);
    if (!route.first().values().containsKey(first)
        || !route.second().values().containsKey(second)) {
      return error(404, "Series " + id + " was not found.");
    }
    EiaParams p = EiaParams.parse(r, route);
    EiaParams fixed =
        new EiaParams(
            route.frequency(),
            List.of(route.dataColumn()),
            Map.of(route.first().id(), List.of(first), route.second().id(), List.of(second)),
            p.startIndex(),
            p.endIndex(),
            p.descending(),
            p.offset(),
            p.length());
    return data(route, fixed, "/v2/seriesid/" + id);
  }

  private SandboxResponse data(EiaRoute route, EiaParams p, String command) {
    List<String> firsts = select(route.first(), p.facets());
    List<String> seconds = select(route.second(), p.facets());
    long combos = (long) firsts.size() * seconds.size();
    long lo =
        Math.max(
            route.hourly() ? FIRST_HOUR : FIRST_MONTH,
            p.startIndex() == null ? Long.MIN_VALUE : p.startIndex());
    long hi = Math.min(lastIndex(route), p.endIndex() == null ? Long.MAX_VALUE : p.endIndex());
    long periods = Math.max(0, hi - lo + 1);
    long total = periods * combos;
    long from = Math.min(p.offset(), total);
    long to = Math.min(total, from + Math.min(p.length(), rowCap));
    ByteArrayOutputStream out = new ByteArrayOutputStream(256 + (int) (to - from) * 200);
    try (JsonGenerator g = JSON.createGenerator(out)) {
      g.writeStartObject();
      g.writeObjectFieldStart("response");
      if (to - from < total) {
        g.writeArrayFieldStart("warnings");
        g.writeStartObject();
        g.writeStringField("warning", "incomplete return");
        g.writeStringField(
            "description",
            "The API can only return 5000 rows in JSON format.  Please consider constraining your"
                + " request with facet, start, or end, or using offset to paginate results.");
        g.writeEndObject();
        g.writeEndArray();
      }
      g.writeStringField("total", Long.toString(total));
      g.writeStringField("dateFormat", route.hourly() ? "YYYY-MM-DD\"T\"HH24" : "YYYY-MM");
      g.writeStringField("frequency", route.frequency());
      g.writeArrayFieldStart("data");
      for (long i = from; i < to; i++) {
        long periodOffset = i / combos;
        long period = p.descending() ? hi - periodOffset : lo + periodOffset;
        int c = (int) (i % combos);
        writeRow(
            g, route, p, period, firsts.get(c / seconds.size()), seconds.get(c % seconds.size()));
      }
      g.writeEndArray();
      g.writeStringField("description", route.description());
      g.writeEndObject();
      writeRequest(g, p, command);
      g.writeStringField("apiVersion", API_VERSION);
      g.writeStringField("ExcelAddInVersion", "2.1.0");
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return SandboxResponse.json(200, out.toByteArray());
  }

  private void writeRow(
      JsonGenerator g, EiaRoute route, EiaParams p, long period, String first, String second)
      throws IOException {
    String text;
    LocalDate date;
    int hourOfDay = 0;
    if (route.hourly()) {
      Instant start = Instant.ofEpochSecond(period * 3600);
      text = HOUR.format(start);
      date = LocalDate.ofInstant(start, ZoneOffset.UTC);
      hourOfDay = (int) Math.floorMod(period - 5, 24L); // roughly US Eastern local hour
    } else {
      YearMonth month = EiaParams.month(period);
      text = month.toString();
      date = month.atDay(1);
    }
    g.writeStartObject();
    g.writeStringField("period", text);
    g.writeStringField(route.first().id(), first);
    g.writeStringField(route.first().nameColumn(), route.first().values().get(first));
    g.writeStringField(route.second().id(), second);
    g.writeStringField(route.second().nameColumn(), route.second().values().get(second));
    for (String column : p.data()) {
      int revision = revisions.revision(SOURCE, date);
      String v = EiaValues.value(route, first, second, text, hourOfDay, revision);
      g.writeStringField(column, badValues.apply(text, v, first + "-" + second, first));
      g.writeStringField(column + "-units", route.units());
    }
    g.writeEndObject();
  }

  private static void writeRequest(JsonGenerator g, EiaParams p, String command)
      throws IOException {
    g.writeObjectFieldStart("request");
    g.writeStringField("command", command);
    g.writeObjectFieldStart("params");
    g.writeStringField("frequency", p.frequency());
    g.writeArrayFieldStart("data");
    for (String d : p.data()) {
      g.writeString(d);
    }
    g.writeEndArray();
    g.writeObjectFieldStart("facets");
    for (Map.Entry<String, List<String>> f : p.facets().entrySet()) {
      g.writeArrayFieldStart(f.getKey());
      for (String v : f.getValue()) {
        g.writeString(v);
      }
      g.writeEndArray();
    }
    g.writeEndObject();
    g.writeNumberField("offset", p.offset());
    g.writeNumberField("length", p.length());
    g.writeEndObject();
    g.writeEndObject();
  }

  private static List<String> select(EiaRoute.Facet facet, Map<String, List<String>> requested) {
    List<String> wanted = requested.get(facet.id());
    if (wanted == null) {
      return List.copyOf(facet.values().keySet());
    }
    List<String> out = new ArrayList<>();
    for (String v : facet.values().keySet()) {
      if (wanted.contains(v)) {
        out.add(v);
      }
    }
    return out;
  }

  private long lastIndex(EiaRoute route) {
    Instant now = clock.instant();
    if (route.hourly()) {
      return Math.floorDiv(now.getEpochSecond(), 3600) - 1;
    }
    return EiaParams.monthIndex(YearMonth.from(now.atZone(ZoneOffset.UTC))) - 2;
  }

  private SandboxResponse metadata(EiaRoute route) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (JsonGenerator g = JSON.createGenerator(out)) {
      g.writeStartObject();
      g.writeObjectFieldStart("response");
      g.writeStringField("id", route.id().substring(route.id().lastIndexOf('/') + 1));
      g.writeStringField("description", route.description());
      g.writeArrayFieldStart("frequency");
      g.writeStartObject();
      g.writeStringField("id", route.frequency());
      g.writeStringField("format", route.hourly() ? "YYYY-MM-DD\"T\"HH24" : "YYYY-MM");
      g.writeEndObject();
      g.writeEndArray();
      g.writeArrayFieldStart("facets");
      for (EiaRoute.Facet f : List.of(route.first(), route.second())) {
        g.writeStartObject();
        g.writeStringField("id", f.id());
        g.writeEndObject();
      }
      g.writeEndArray();
      g.writeObjectFieldStart("data");
      g.writeObjectFieldStart(route.dataColumn());
      g.writeStringField("units", route.units());
      g.writeEndObject();
      g.writeEndObject();
      g.writeStringField("defaultFrequency", route.frequency());
      g.writeEndObject();
      g.writeStringField("apiVersion", API_VERSION);
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return SandboxResponse.json(200, out.toByteArray());
  }

  private static SandboxResponse keyError(String code, String message) {
    return SandboxResponse.json(
        403, "{\"error\":{\"code\":\"" + code + "\",\"message\":\"" + message + "\"}}");
  }

  @Override
  public boolean badValues(BadValues values) {
    this.badValues = values;
    return true;
  }

  @Override
  public SandboxResponse error(int status, String message) {
    if (status == 429) {
      return SandboxResponse.json(
          429,
          "{\"error\":{\"code\":\"OVER_RATE_LIMIT\",\"message\":" + Values.quote(message) + "}}");
    }
    return SandboxResponse.json(
        status, "{\"error\":" + Values.quote(message) + ",\"code\":" + status + "}");
  }
}
