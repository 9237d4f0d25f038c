package io.aurum.connectors.iso.caiso;

import io.aurum.connectors.iso.nyiso.NyisoCsvParser;
import io.aurum.core.error.UpstreamException;
import io.aurum.core.model.Observation;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PushbackInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * The parser as it was before the byte-level reader (lines decoded to Strings), kept as the
 * reference the byte-level one must agree with. Streams a CAISO OASIS {@code SingleZip} answer: a
 * ZIP whose member is either a CSV (long format, one row per node, interval and {@code LMP_TYPE};
 * only {@code LMP} rows are kept, at {@code INTERVALSTARTTIME_GMT}, which is UTC) or an XML {@code
 * OASISReport} carrying {@code ERR_CODE} — even with HTTP 200. {@code 1000}/{@code 1001} (no data)
 * is zero rows; {@code 1003}, {@code 1010}, {@code 1015} are retryable; a "too many requests"
 * description is a throttle; other codes are permanent. Immutable and thread-safe.
 */
final class StringCaisoZipParser {
  private static final Pattern CODE = Pattern.compile("<(?:\\w+:)?ERR_CODE>\\s*(\\d+)\\s*<");
  private static final Pattern DESC = Pattern.compile("<(?:\\w+:)?ERR_DESC>([^<]*)<");

  private final String unit;

  StringCaisoZipParser(String unit) {
    this.unit = unit;
  }

  /** Reads every member; returns the data rows kept. */
  public int parse(InputStream body, String url, Consumer<Observation> sink) throws IOException {
    int kept = 0;
    boolean any = false;
    ZipInputStream zip = new ZipInputStream(body);
    ZipEntry e;
    while ((e = zip.getNextEntry()) != null) {
      any = true;
      String name = e.getName().toLowerCase(Locale.ROOT);
      // Peek at the first bytes: an error is XML even when the member is not named *.xml.
      PushbackInputStream member = new PushbackInputStream(zip, 512);
      byte[] head = member.readNBytes(512);
      String start = new String(head, StandardCharsets.UTF_8);
      member.unread(head);
      if (name.endsWith(".xml") || start.contains("ERR_CODE")) {
        error(new String(member.readAllBytes(), StandardCharsets.UTF_8), url);
      } else {
        kept += csv(member, sink);
      }
    }
    if (!any) {
      throw new IOException("CAISO answer is not a ZIP or is empty");
    }
    return kept;
  }

  private void error(String xml, String url) {
    Matcher code = CODE.matcher(xml);
    Matcher desc = DESC.matcher(xml);
    String d = desc.find() ? desc.group(1).trim() : "";
    if (!code.find()) {
      throw UpstreamException.permanent("CAISO XML answer without ERR_CODE [" + url + "]", 200);
    }
    int c = Integer.parseInt(code.group(1));
    String text = "CAISO OASIS error " + c + ": " + d + " [" + url + "]";
    if (c == 1000 || c == 1001) {
      return; // no data for the selection: zero rows
    }
    if (d.toLowerCase(Locale.ROOT).contains("too many requests")) {
      throw UpstreamException.throttled(text, 200, null);
    }
    if (c == 1003 || c == 1010 || c == 1015) {
      throw UpstreamException.retryable(text, 200);
    }
    throw UpstreamException.permanent(text, 200);
  }

  private int csv(InputStream in, Consumer<Observation> sink) throws IOException {
    BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
    String header = r.readLine();
    if (header == null) {
      return 0;
    }
    List<String> cols = List.of(header.replace("\uFEFF", "").split(",", -1));
    int start = cols.indexOf("INTERVALSTARTTIME_GMT");
    int node = cols.indexOf("NODE");
    int type = cols.indexOf("LMP_TYPE");
    int value = valueColumn(cols);
    if (start < 0 || node < 0 || type < 0 || value < 0) {
      throw UpstreamException.permanent("CAISO CSV header " + cols + " lacks a column", 200);
    }
    int kept = 0;
    java.util.Map<String, Instant> stamps = new java.util.HashMap<>();
    int[] from = new int[cols.size() + 1];
    int[] to = new int[cols.size() + 1];
    String line;
    while ((line = r.readLine()) != null) {
      if (line.isBlank()) {
        continue;
      }
      // Four rows in five are components (MCE, MCC, …): look at LMP_TYPE before splitting.
      String lmpType = field(line, type);
      if (lmpType == null) {
        throw new IOException("CAISO CSV row has fewer than " + cols.size() + " fields");
      }
      if (!"LMP".equals(lmpType)) {
        continue;
      }
      int fields = NyisoCsvParser.scan(line, from, to);
      if (fields < cols.size()) {
        throw new IOException("CAISO CSV row has " + fields + " of " + cols.size() + " fields");
      }
      String v = line.substring(from[value], to[value]);
      if (v.isBlank()) {
        continue;
      }
      try {
        Instant at =
            stamps.computeIfAbsent(
                line.substring(from[start], to[start]), t -> OffsetDateTime.parse(t).toInstant());
        sink.accept(
            new Observation(line.substring(from[node], to[node]), at, Double.parseDouble(v), unit));
        kept++;
      } catch (DateTimeParseException | NumberFormatException ex) {
        throw UpstreamException.permanent("CAISO row '" + line + "' does not parse", 200);
      }
    }
    return kept;
  }

  /** The {@code index}-th comma-separated field of a line (no quoting in OASIS CSV), or null. */
  static String field(String line, int index) {
    int from = 0;
    for (int i = 0; i < index; i++) {
      from = line.indexOf(',', from) + 1;
      if (from == 0) {
        return null;
      }
    }
    int to = line.indexOf(',', from);
    return line.substring(from, to < 0 ? line.length() : to);
  }

  private static int valueColumn(List<String> cols) {
    for (String c : new String[] {"MW", "VALUE", "PRC"}) {
      if (cols.contains(c)) {
        return cols.indexOf(c);
      }
    }
    return -1;
  }
}
