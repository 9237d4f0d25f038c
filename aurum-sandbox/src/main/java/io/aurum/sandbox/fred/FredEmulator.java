package io.aurum.sandbox.fred;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.aurum.core.model.BusinessCalendar;
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
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Emulates FRED {@code /fred/series/observations} ({@code file_type=json} only). Series: daily
 * {@code DFF} (every calendar day from 2000-01-01 to yesterday), daily {@code DGS10} and {@code
 * DGS2} (weekdays only, as FRED serves them, and {@code "."} on the holidays of {@link
 * BusinessCalendar#US_BUSINESS_DAYS}, the calendar the catalog gives them) and monthly {@code
 * UNRATE}, {@code FEDFUNDS}, {@code CPIAUCSL} (first of the month, up to last month). Vintages: an
 * observation is first published the day after its period ends and revised 30 days later; the
 * real-time period {@code realtime_start=realtime_end=D} returns what was known on D (rows not yet
 * published are absent). Sandbox revisions (admin {@code revise}) apply to the current vintage.
 * Errors are {@code {"error_code":N,"error_message":"…"}}. Thread-safe.
 */
public final class FredEmulator extends EmulatorBase {
  public static final String SOURCE = "fred";
  private static final JsonFactory JSON = new JsonFactory();
  static final LocalDate FIRST = LocalDate.of(2000, 1, 1);

  private record Series(boolean daily, double level, int decimals, boolean businessDays) {
    Series(boolean daily, double level, int decimals) {
      this(daily, level, decimals, false);
    }
  }

  private static final Map<String, Series> SERIES =
      Map.of(
          "DGS10", new Series(true, 3.5, 2, true),
          "DGS2", new Series(true, 3.0, 2, true),
          "DFF", new Series(true, 2.5, 2),
          "UNRATE", new Series(false, 5.5, 1),
          "FEDFUNDS", new Series(false, 2.5, 2),
          "CPIAUCSL", new Series(false, 250.0, 3));

  private volatile BadValues badValues = new BadValues();

  public FredEmulator(Revisions revisions, Set<String> rejectedKeys, Clock clock) {
    super(SOURCE, "/fred/", revisions, rejectedKeys, clock);
  }

  @Override
  public LocalDate startDate(SandboxRequest request) {
    String s = request.first("observation_start");
    return s == null ? null : LocalDate.parse(s);
  }

  @Override
  public LocalDate endDate(SandboxRequest request) {
    String s = request.first("observation_end");
    return s == null ? null : LocalDate.parse(s);
  }

  @Override
  public SandboxResponse handle(SandboxRequest r) {
    if (!r.path().replaceAll("/+$", "").equals("/fred/series/observations")) {
      return error(404, "Not Found.");
    }
    String key = r.first("api_key");
    if (key == null || key.isBlank()) {
      return error(400, "Bad Request.  Variable api_key has not been set.");
    }
    if (rejectedKeys.contains(key)) {
      return error(
          400,
          "Bad Request.  The value for variable api_key is not registered.  Read"
              + " https://fred.stlouisfed.org/docs/api/api_key.html for more information.");
    }
    if (!"json".equals(r.first("file_type"))) {
      return error(400, "Bad Request.  The sandbox serves only file_type=json.");
    }
    String id = r.first("series_id");
    Series s = id == null ? null : SERIES.get(id);
    if (s == null) {
      return error(400, "Bad Request.  The series does not exist.");
    }
    LocalDate today = todayUtc();
    LocalDate rtEnd = date(r.first("realtime_end"), today);
    LocalDate rtStart = date(r.first("realtime_start"), rtEnd);
    if (rtEnd.isBefore(rtStart)) {
      return error(400, "Bad Request.  The real-time period is invalid.");
    }
    LocalDate obsStart = date(r.first("observation_start"), FIRST);
    LocalDate obsEnd = date(r.first("observation_end"), LocalDate.of(9999, 12, 31));
    int limit = Integer.parseInt(orElse(r.first("limit"), "100000"));
    long offset = Long.parseLong(orElse(r.first("offset"), "0"));
    if (limit < 1 || limit > 100_000) {
      return error(400, "Bad Request.  Variable limit is not between 1 and 100000.");
    }
    List<LocalDate> dates = new ArrayList<>();
    LocalDate first = obsStart.isBefore(FIRST) ? FIRST : obsStart;
    if (!s.daily()) {
      first =
          first.withDayOfMonth(1).isBefore(first) ? first.withDayOfMonth(1).plusMonths(1) : first;
    }
    for (LocalDate d = first; !d.isAfter(obsEnd); d = s.daily() ? d.plusDays(1) : d.plusMonths(1)) {
      if (published(s, d).isAfter(rtEnd)) {
        break;
      }
      if (s.businessDays() && weekend(d)) {
        // FRED has no weekend rows for business-day series (holidays are ".").
        continue;
      }
      dates.add(d);
    }
    boolean current = !rtEnd.isBefore(today);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (JsonGenerator g = JSON.createGenerator(out)) {
      g.writeStartObject();
      g.writeStringField("realtime_start", rtStart.toString());
      g.writeStringField("realtime_end", rtEnd.toString());
      g.writeStringField("observation_start", obsStart.toString());
      g.writeStringField("observation_end", obsEnd.toString());
      g.writeStringField("units", "lin");
      g.writeNumberField("output_type", 1);
      g.writeStringField("file_type", "json");
      g.writeStringField("order_by", "observation_date");
      g.writeStringField("sort_order", "asc");
      g.writeNumberField("count", dates.size());
      g.writeNumberField("offset", offset);
      g.writeNumberField("limit", limit);
      g.writeArrayFieldStart("observations");
      for (long i = offset; i < Math.min(dates.size(), offset + limit); i++) {
        LocalDate d = dates.get((int) i);
        g.writeStartObject();
        g.writeStringField("realtime_start", rtStart.toString());
        g.writeStringField("realtime_end", rtEnd.toString());
        g.writeStringField("date", d.toString());
        g.writeStringField(
            "value", badValues.apply(d.toString(), value(id, s, d, rtEnd, current), id));
        g.writeEndObject();
      }
      g.writeEndArray();
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return SandboxResponse.json(200, out.toByteArray());
  }

  /** The day an observation is first published: the day after its period ends. */
  static LocalDate published(Series s, LocalDate d) {
    return s.daily() ? d.plusDays(1) : d.plusMonths(1);
  }

  /**
   * The value of a series on a date as known on {@code asOf} ({@code "."} when missing), with the
   * sandbox revisions of the current vintage when {@code current}.
   */
  public String value(String id, LocalDate d, LocalDate asOf, boolean current) {
    return value(id, SERIES.get(id), d, asOf, current);
  }

  private String value(String id, Series s, LocalDate d, LocalDate asOf, boolean current) {
    if (s.businessDays() && !BusinessCalendar.US_BUSINESS_DAYS.isOpen(d)) {
      return ".";
    }
    // The first release is revised 30 days after publication (FRED-style vintages).
    int vintage = asOf.isBefore(published(s, d).plusDays(30)) ? 0 : 1;
    int revision = vintage + (current ? revisions.revision(SOURCE, d) : 0);
    return Values.value(s.level(), 0.2, s.decimals(), revision, id, d.toString()).toPlainString();
  }

  private static boolean weekend(LocalDate d) {
    return d.getDayOfWeek() == DayOfWeek.SATURDAY || d.getDayOfWeek() == DayOfWeek.SUNDAY;
  }

  private static LocalDate date(String text, LocalDate otherwise) {
    return text == null || text.isBlank() ? otherwise : LocalDate.parse(text);
  }

  @Override
  public boolean badValues(BadValues values) {
    this.badValues = values;
    return true;
  }

  @Override
  public SandboxResponse error(int status, String message) {
    return SandboxResponse.json(
        status, "{\"error_code\":" + status + ",\"error_message\":" + Values.quote(message) + "}");
  }
}
