package io.aurum.connectors.iso.nyiso;

import io.aurum.connectors.UpstreamLimits;
import io.aurum.connectors.text.Decimals;
import io.aurum.connectors.text.LineReader;
import io.aurum.core.error.UpstreamException;
import io.aurum.core.model.Observation;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Streams a NYISO MIS LBMP CSV ({@code "Time Stamp","Name","PTID","LBMP ($/MWHr)",…}) line by line.
 * Time stamps are Eastern prevailing clock times without offset ({@code MM/dd/yyyy HH:mm}, or with
 * {@code :ss} in real-time files): each becomes a UTC instant; on the fall-back day the repeated
 * clock hour appears twice per location, and the first occurrence is read as daylight time (EDT),
 * the second as standard time (EST) — the order in the file is the only thing that tells them
 * apart. A clock time in the spring-forward gap is a schema error. The pre-2016 header truncated to
 * {@code "Marginal Cost Congestion ($/MWH"} is accepted. Stamps of interval-ending files (the
 * 5-minute {@code realtime_zone}) become the interval's start: the stamp's UTC instant minus the
 * interval, taken after the DST lookup so the repeated hour stays two instants. Immutable and
 * thread-safe.
 */
public final class NyisoCsvParser {
  static final String TIME = "Time Stamp";
  static final String NAME = "Name";
  static final String LBMP = "LBMP ($/MWHr)";
  static final String CONGESTION = "Marginal Cost Congestion ($/MWHr)";
  static final String CONGESTION_PRE_2016 = "Marginal Cost Congestion ($/MWH";
  private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("MM/dd/yyyy HH:mm");
  private static final DateTimeFormatter STAMP_SECONDS =
      DateTimeFormatter.ofPattern("MM/dd/yyyy HH:mm:ss");

  private final ZoneId zone;
  private final String unit;
  private final Duration stampToStart;
  private final int maxLine;

  /** A parser of interval-beginning files (hourly DAM and RT LBMP). */
  public NyisoCsvParser(ZoneId zone, String unit) {
    this(zone, unit, Duration.ZERO);
  }

  /**
   * A parser whose stamps end an interval of {@code intervalEnding} (zero: stamps begin their
   * interval); each row's period is the interval's start.
   */
  public NyisoCsvParser(ZoneId zone, String unit, Duration intervalEnding) {
    this(zone, unit, intervalEnding, UpstreamLimits.DEFAULT_MAX_LINE_BYTES);
  }

  /**
   * As above, failing ({@link io.aurum.connectors.http.SizeLimitExceeded}) past {@code maxLine}.
   */
  public NyisoCsvParser(ZoneId zone, String unit, Duration intervalEnding, int maxLine) {
    this.zone = zone;
    this.unit = unit;
    this.stampToStart = intervalEnding;
    this.maxLine = maxLine;
  }

  /** Reads every row; returns the number of data rows. */
  public int parse(InputStream body, Consumer<Observation> sink) throws IOException {
    LineReader in =
        new LineReader(
            new InputStreamReader(body, StandardCharsets.UTF_8),
            maxLine,
            "a NYISO CSV",
            "max_line_bytes of nyiso");
    String header = in.readLine();
    if (header == null) {
      throw new IOException("empty NYISO CSV");
    }
    List<String> columns = split(header.replace("\uFEFF", ""));
    int time = columns.indexOf(TIME);
    int name = columns.indexOf(NAME);
    int lbmp = columns.indexOf(LBMP);
    boolean congestion = columns.contains(CONGESTION) || columns.contains(CONGESTION_PRE_2016);
    if (time < 0 || name < 0 || lbmp < 0 || !congestion) {
      throw UpstreamException.permanent(
          "NYISO CSV header " + columns + " lacks Time Stamp, Name, LBMP or congestion", null);
    }
    Set<String> seen = new HashSet<>();
    // Every location shares a stamp: parse it and look up its offsets once per file.
    java.util.Map<String, Stamp> stamps = new java.util.HashMap<>();
    int rows = 0;
    String line;
    int n = columns.size();
    int[] from = new int[n + 1];
    int[] to = new int[n + 1];
    while ((line = in.readLine()) != null) {
      if (line.isBlank()) {
        continue;
      }
      // Field bounds only; just the three fields used become strings.
      int fields = scan(line, from, to);
      if (fields < n) {
        throw new IOException("NYISO CSV row has " + fields + " of " + n + " fields");
      }
      rows++;
      String location = line.substring(from[name], to[name]);
      String stampText = line.substring(from[time], to[time]);
      Stamp stamp =
          stamps.computeIfAbsent(
              stampText,
              t -> {
                LocalDateTime l = parseStamp(t);
                List<ZoneOffset> offsets = zone.getRules().getValidOffsets(l);
                return new Stamp(l, offsets, offsets.stream().map(l::toInstant).toList());
              });
      List<java.time.Instant> instants = stamp.instants();
      if (instants.isEmpty()) {
        throw UpstreamException.permanent(
            "NYISO time " + stampText + " does not exist in " + zone + " (DST gap)", null);
      }
      java.time.Instant at = instants.get(0);
      if (instants.size() > 1 && !seen.add(location + '\u0000' + stamp.local())) {
        at = instants.get(1); // the repeated hour: second occurrence is standard time
      }
      String value = line.substring(from[lbmp], to[lbmp]).trim();
      if (value.isEmpty()) {
        continue;
      }
      try {
        sink.accept(
            new Observation(location, at.minus(stampToStart), Decimals.number(value), unit));
      } catch (NumberFormatException e) {
        throw UpstreamException.permanent("NYISO LBMP '" + value + "' is not a number", null);
      }
    }
    return rows;
  }

  private record Stamp(
      LocalDateTime local, List<ZoneOffset> offsets, List<java.time.Instant> instants) {}

  /**
   * Records the bounds of each field (inside its quotes, if quoted) of a CSV line; MIS files have
   * no quotes or commas inside fields. Returns the number of fields (bounds kept up to the arrays'
   * length).
   */
  public static int scan(String line, int[] from, int[] to) {
    int count = 0;
    int i = 0;
    int len = line.length();
    while (true) {
      int start = i;
      int end;
      if (i < len && line.charAt(i) == '"') {
        int close = line.indexOf('"', i + 1);
        if (close < 0) {
          close = len;
        }
        start = i + 1;
        end = close;
        i = close + 1;
        while (i < len && line.charAt(i) != ',') {
          i++;
        }
      } else {
        int comma = line.indexOf(',', i);
        end = comma < 0 ? len : comma;
        i = end;
      }
      if (count < from.length) {
        from[count] = start;
        to[count] = end;
      }
      count++;
      if (i >= len) {
        return count;
      }
      i++; // past the comma
    }
  }

  private static LocalDateTime parseStamp(String text) {
    try {
      return LocalDateTime.parse(text, text.length() > 16 ? STAMP_SECONDS : STAMP);
    } catch (DateTimeParseException e) {
      throw UpstreamException.permanent("NYISO time stamp '" + text + "' does not parse", null);
    }
  }

  /** Splits a CSV line with optional double quotes (no embedded quotes in MIS files). */
  static List<String> split(String line) {
    List<String> out = new ArrayList<>();
    split(line, out, new StringBuilder());
    return out;
  }

  /**
   * Splits into {@code out} (cleared first), reusing {@code cur}: no allocation per line but the
   * fields.
   */
  static void split(String line, List<String> out, StringBuilder cur) {
    out.clear();
    cur.setLength(0);
    boolean quoted = false;
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (c == '"') {
        quoted = !quoted;
      } else if (c == ',' && !quoted) {
        out.add(cur.toString());
        cur.setLength(0);
      } else {
        cur.append(c);
      }
    }
    out.add(cur.toString());
  }
}
