package io.aurum.connectors.iso.caiso;

import io.aurum.connectors.UpstreamLimits;
import io.aurum.connectors.http.CountingInputStream;
import io.aurum.connectors.http.SizeLimitExceeded;
import io.aurum.core.error.UpstreamException;
import io.aurum.core.model.Observation;
import java.io.IOException;
import java.io.InputStream;
import java.io.PushbackInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * Streams a CAISO OASIS {@code SingleZip} answer: a ZIP whose member is either a CSV (long format,
 * one row per node, interval and {@code LMP_TYPE}; only {@code LMP} rows are kept, at {@code
 * INTERVALSTARTTIME_GMT}, which is UTC) or an XML {@code OASISReport} carrying {@code ERR_CODE} —
 * even with HTTP 200. {@code 1000}/{@code 1001} (no data) is zero rows; {@code 1003}, {@code 1010},
 * {@code 1015} are retryable; a "too many requests" description is a throttle; other codes are
 * permanent. The CSV is read as bytes ({@link CaisoCsvReader}). Immutable and thread-safe.
 */
public final class CaisoZipParser {
  private static final Pattern CODE = Pattern.compile("<(?:\\w+:)?ERR_CODE>\\s*(\\d+)\\s*<");
  private static final Pattern DESC = Pattern.compile("<(?:\\w+:)?ERR_DESC>([^<]*)<");

  /** How far into a member an XML error is looked for. */
  private static final int PEEK = 512;

  private static final int INPUT = 1 << 16;
  private static final byte[] ERR_CODE = "ERR_CODE".getBytes(StandardCharsets.US_ASCII);

  /** The largest XML error member read: OASIS error documents are under 2 KB. */
  static final int MAX_XML = 1 << 20;

  private final String unit;
  private final UpstreamLimits limits;

  public CaisoZipParser(String unit) {
    this(unit, UpstreamLimits.DEFAULTS);
  }

  /** A parser that stops at {@code limits}' member and line sizes. */
  public CaisoZipParser(String unit, UpstreamLimits limits) {
    this.unit = unit;
    this.limits = limits;
  }

  /**
   * Reads every member, each streamed through a count that stops it at {@code max_member_bytes}
   * (and a CSV line at {@code max_line_bytes}, an XML error at {@link #MAX_XML}): a member past a
   * limit throws {@link SizeLimitExceeded} without ever being held whole. Returns the data rows
   * kept.
   */
  public int parse(InputStream body, String url, Consumer<Observation> sink) throws IOException {
    int kept = 0;
    boolean any = false;
    ZipInputStream zip = new WideZipInputStream(body);
    ZipEntry e;
    while ((e = zip.getNextEntry()) != null) {
      any = true;
      String name = e.getName().toLowerCase(Locale.ROOT);
      String what = "archive member '" + SizeLimitExceeded.printable(e.getName()) + "' of " + url;
      if (e.getSize() > limits.maxMemberBytes()) {
        throw new SizeLimitExceeded(
            what
                + " declares "
                + e.getSize()
                + " bytes, more than "
                + UpstreamLimits.bytes(limits.maxMemberBytes())
                + " (max_member_bytes of caiso)");
      }
      InputStream member =
          new CountingInputStream(zip, limits.maxMemberBytes(), what, "max_member_bytes of caiso");
      // The member's first bytes, which the CSV reader goes on from: an error is XML even when the
      // member is not named *.xml, so look for ERR_CODE in the first 512.
      byte[] head = new byte[CaisoCsvReader.CHUNK + CaisoCsvReader.SLACK];
      int n = member.readNBytes(head, 0, CaisoCsvReader.CHUNK);
      if (name.endsWith(".xml") || contains(head, Math.min(n, PEEK), ERR_CODE)) {
        byte[] rest = member.readNBytes(MAX_XML);
        if (n + rest.length >= MAX_XML) {
          throw new SizeLimitExceeded(
              "XML " + what + " is larger than " + UpstreamLimits.bytes(MAX_XML));
        }
        byte[] all = Arrays.copyOf(head, n + rest.length);
        System.arraycopy(rest, 0, all, n, rest.length);
        error(new String(all, StandardCharsets.UTF_8), url);
      } else {
        kept += new CaisoCsvReader(member, head, n, unit, sink, limits.maxLineBytes(), what).read();
      }
    }
    if (!any) {
      throw new IOException("CAISO answer is not a ZIP or is empty");
    }
    return kept;
  }

  /**
   * A {@link ZipInputStream} that feeds the inflater 64 KiB of compressed input at a time instead
   * of 512 bytes: with 512 it makes one inflate call per about 8 KiB of CSV, and those calls cost a
   * fifth of the time to inflate and parse a month of CAISO prices. It swaps the two protected
   * fields that hold the input buffer: {@code buf} (InflaterInputStream's buffer for compressed
   * input) and {@code in}, which ZipInputStream keeps as a {@link PushbackInputStream} to give back
   * the bytes read past the end of an entry, so its push-back room must match the buffer. The
   * multi-member, stored-member and XML-member tests cover this.
   */
  private static final class WideZipInputStream extends ZipInputStream {
    WideZipInputStream(InputStream body) {
      super(body);
      this.in = new PushbackInputStream(body, INPUT);
      this.buf = new byte[INPUT];
    }
  }

  private static boolean contains(byte[] b, int length, byte[] what) {
    outer:
    for (int i = 0; i + what.length <= length; i++) {
      for (int j = 0; j < what.length; j++) {
        if (b[i + j] != what[j]) {
          continue outer;
        }
      }
      return true;
    }
    return false;
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
}
