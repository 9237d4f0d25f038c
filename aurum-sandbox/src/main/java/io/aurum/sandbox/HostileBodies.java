package io.aurum.sandbox;

import com.sun.net.httpserver.HttpExchange;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * The bodies of a hostile upstream ({@link Faults.Hostile}), written straight to the exchange so
 * that a body of gigabytes never exists in the sandbox's memory:
 *
 * <ul>
 *   <li><b>zip bomb</b>: a ZIP answer becomes a ZIP whose first member (same name) is the real
 *       member's header line and then one of its rows, made harmless (CAISO {@code LMP_TYPE} MCC,
 *       which no dataset keeps; NYISO {@code Name} BOMB, which is no zone), repeated until the
 *       member inflates to the size asked. The deflate stream is one compressed 64 KiB chunk
 *       repeated (each chunk is flushed and stands alone), so a GiB costs a few MB on the wire;
 *   <li><b>huge line</b>: the answer's first line, then a line of that many {@code x} with no line
 *       break: inside the first member of a ZIP answer (compressed the same way), inside a JSON
 *       field name of a JSON answer ({@code {"xxx…": 0}}: every JSON parser reads names), or as the
 *       second line of a CSV;
 *   <li><b>many rows</b>: a ZIP answer becomes a ZIP whose first member (same name) is the real
 *       member's header line and then its rows a dataset keeps, valid and unchanged, repeated until
 *       the member inflates to the size asked (compressed the same way): millions of good rows
 *       under the byte limits, to show the row cap ({@code max_rows_per_request});
 *   <li><b>drip</b>: any of these, or the normal body, sent at so many bytes a second.
 * </ul>
 *
 * Stateless.
 */
final class HostileBodies {
  private static final int CHUNK = 64 << 10;

  /** ZIP sizes are 32-bit here (no ZIP64): the largest member a fault makes. */
  static final long MAX_SIZE = 0xFFFF_FFFFL - CHUNK;

  private HostileBodies() {}

  /** Reads the hostile faults' parameters of {@code POST /_admin/faults}. */
  static void apply(Faults faults, SandboxRequest r) {
    if (r.has("drip_bytes_per_second")) {
      faults.dripBytesPerSecond(Long.parseLong(r.first("drip_bytes_per_second").trim()));
    }
    if (r.has("zip_bomb")) {
      faults.zipBomb(parseSize(r.first("zip_bomb")));
    }
    if (r.has("huge_line")) {
      faults.hugeLine(parseSize(r.first("huge_line")));
    }
    if (r.has("many_rows")) {
      faults.manyRows(parseSize(r.first("many_rows")));
    }
  }

  /** {@code 1g}, {@code 512m}, {@code 64k} or a byte count. */
  static long parseSize(String text) {
    String t = text.trim().toLowerCase(Locale.ROOT);
    long unit = 1;
    if (t.endsWith("g") || t.endsWith("m") || t.endsWith("k")) {
      unit = t.endsWith("g") ? 1L << 30 : t.endsWith("m") ? 1L << 20 : 1L << 10;
      t = t.substring(0, t.length() - 1);
    }
    try {
      return Math.multiplyExact(Long.parseLong(t), unit);
    } catch (NumberFormatException | ArithmeticException e) {
      throw new IllegalArgumentException("'" + text + "' is not a size such as 1g, 512m or 4096");
    }
  }

  static long size(long bytes, String name) {
    if (bytes < 0 || bytes > MAX_SIZE) {
      throw new IllegalArgumentException(name + " must be within [0, " + MAX_SIZE + "]: " + bytes);
    }
    return bytes;
  }

  /** Whether these faults change how a successful answer is written. */
  static boolean applies(Faults.Hostile h) {
    return h.dripBytesPerSecond() > 0 || h.zipBomb() > 0 || h.hugeLine() > 0 || h.manyRows() > 0;
  }

  /** Writes a successful {@code response} as the hostile faults say. */
  static void write(HttpExchange exchange, SandboxResponse response, Faults.Hostile h)
      throws IOException {
    byte[] body = response.body();
    boolean zip = body.length > 4 && body[0] == 'P' && body[1] == 'K' && body[2] == 3;
    exchange.getResponseHeaders().set("Content-Type", response.contentType());
    response.headers().forEach((k, v) -> exchange.getResponseHeaders().set(k, v));
    boolean replaced = ((h.zipBomb() > 0 || h.manyRows() > 0) && zip) || h.hugeLine() > 0;
    // A replaced body is sent chunked: its length is not known up front.
    exchange.sendResponseHeaders(200, replaced ? 0 : body.length);
    OutputStream out = exchange.getResponseBody();
    if (h.dripBytesPerSecond() > 0) {
      out = new Drip(out, h.dripBytesPerSecond());
    }
    if (h.zipBomb() > 0 && zip) {
      Member m = firstMember(body);
      byte[] row = (harmless(m.header(), m.row()) + "\n").getBytes(StandardCharsets.UTF_8);
      zipOf(out, m.name(), (m.header() + "\n").getBytes(StandardCharsets.UTF_8), row, h.zipBomb());
    } else if (h.manyRows() > 0 && zip) {
      Member m = firstMember(body);
      byte[] rows = kept(m.header(), m.rows()).getBytes(StandardCharsets.UTF_8);
      if (rows.length == 0) {
        out.write(body); // no rows to repeat (an XML error member): the answer as it was
      } else {
        zipOf(
            out,
            m.name(),
            (m.header() + "\n").getBytes(StandardCharsets.UTF_8),
            rows,
            h.manyRows());
      }
    } else if (h.hugeLine() > 0 && zip) {
      Member m = firstMember(body);
      zipOf(out, m.name(), (m.header() + "\n").getBytes(StandardCharsets.UTF_8), X, h.hugeLine());
    } else if (h.hugeLine() > 0) {
      boolean json = response.contentType().contains("json");
      String first = new String(body, StandardCharsets.UTF_8).lines().findFirst().orElse("");
      out.write((json ? "{\"" : first + "\n").getBytes(StandardCharsets.UTF_8));
      for (long left = h.hugeLine(); left > 0; left -= X.length) {
        out.write(X, 0, (int) Math.min(left, X.length));
      }
      if (json) {
        out.write("\": 0}".getBytes(StandardCharsets.UTF_8));
      }
    } else {
      out.write(body);
    }
    out.flush();
  }

  private static final byte[] X = filled(CHUNK, (byte) 'x');

  private static byte[] filled(int n, byte b) {
    byte[] out = new byte[n];
    Arrays.fill(out, b);
    return out;
  }

  /** A ZIP's first member: its name, header line, first row and every row. */
  private record Member(String name, String header, String row, String rows) {}

  private static Member firstMember(byte[] zip) throws IOException {
    try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
      ZipEntry e = in.getNextEntry();
      if (e == null) {
        return new Member("data.csv", "", "", "");
      }
      String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      String[] lines = text.split("\r?\n", 3);
      String rows = text.substring(Math.min(text.length(), text.indexOf('\n') + 1));
      return new Member(e.getName(), lines[0], lines.length > 1 ? lines[1] : "", rows);
    }
  }

  /**
   * The rows of a member a dataset keeps, each ending in a line break: CAISO's with {@code
   * LMP_TYPE} LMP (its other components are dropped by every dataset), any other member's all.
   */
  static String kept(String header, String rows) {
    String[] names = header.split(",", -1);
    int type = -1;
    for (int i = 0; i < names.length; i++) {
      if (names[i].replace("\"", "").trim().equals("LMP_TYPE")) {
        type = i;
      }
    }
    StringBuilder out = new StringBuilder();
    for (String row : rows.split("\r?\n")) {
      String[] fields = row.split(",", -1);
      if (!row.isBlank() && (type < 0 || (type < fields.length && fields[type].equals("LMP")))) {
        out.append(row).append('\n');
      }
    }
    return out.toString();
  }

  /** A row no dataset keeps: CAISO's LMP_TYPE becomes MCC, NYISO's Name becomes BOMB. */
  static String harmless(String header, String row) {
    String[] names = header.split(",", -1);
    String[] fields = row.split(",", -1);
    for (int i = 0; i < names.length && i < fields.length; i++) {
      String n = names[i].replace("\"", "").trim();
      if (n.equals("LMP_TYPE")) {
        fields[i] = "MCC";
      } else if (n.equals("Name")) {
        fields[i] = "\"BOMB\"";
      }
    }
    return String.join(",", fields);
  }

  /**
   * A one-member ZIP whose member is {@code prefix} then {@code unit} repeated to about {@code
   * size} bytes in all, deflated as one compressed chunk of units written over and over. Written as
   * a streaming ZIP is (as {@link java.util.zip.ZipOutputStream} writes one): the sizes and CRC
   * come after the data, in a data descriptor, so a reader learns the size only by inflating.
   */
  static void zipOf(OutputStream out, String name, byte[] prefix, byte[] unit, long size)
      throws IOException {
    byte[] chunk = new byte[Math.max(1, CHUNK / unit.length) * unit.length];
    for (int i = 0; i < chunk.length; i += unit.length) {
      System.arraycopy(unit, 0, chunk, i, unit.length);
    }
    long repeats = Math.max(0, (size - prefix.length + chunk.length - 1) / chunk.length);
    byte[] head = deflateAlone(prefix);
    byte[] body = deflateAlone(chunk);
    byte[] last = {0x03, 0x00}; // an empty final block with fixed codes
    byte[] n = name.getBytes(StandardCharsets.UTF_8);
    Le local = new Le();
    local.i32(0x04034b50).i16(20).i16(8).i16(8).i16(0).i16(0x21);
    local.i32(0).i32(0).i32(0).i16(n.length).i16(0).bytes(n);
    out.write(local.toByteArray());
    CRC32 crc = new CRC32();
    crc.update(prefix);
    out.write(head);
    for (long i = 0; i < repeats; i++) {
      crc.update(chunk);
      out.write(body);
    }
    out.write(last);
    long plain = prefix.length + repeats * chunk.length;
    long packed = head.length + repeats * body.length + last.length;
    Le descriptor = new Le();
    descriptor.i32(0x08074b50).i32(crc.getValue()).i32(packed).i32(plain);
    out.write(descriptor.toByteArray());
    long offset = local.size() + packed + descriptor.size();
    Le central = new Le();
    central.i32(0x02014b50).i16(20).i16(20).i16(8).i16(8).i16(0).i16(0x21);
    central.i32(crc.getValue()).i32(packed).i32(plain).i16(n.length).i16(0).i16(0);
    central.i16(0).i16(0).i32(0).i32(0).bytes(n);
    Le end = new Le();
    end.i32(0x06054b50).i16(0).i16(0).i16(1).i16(1).i32(central.size()).i32(offset).i16(0);
    out.write(central.toByteArray());
    out.write(end.toByteArray());
  }

  /**
   * Raw deflate of {@code data}, ending byte-aligned in a non-final block, with no back-reference
   * before its start: copies of it may follow each other.
   */
  private static byte[] deflateAlone(byte[] data) {
    Deflater d = new Deflater(Deflater.BEST_COMPRESSION, true);
    try {
      d.setInput(data);
      ByteArrayOutputStream o = new ByteArrayOutputStream();
      byte[] b = new byte[8192];
      int n;
      do {
        n = d.deflate(b, 0, b.length, Deflater.FULL_FLUSH);
        o.write(b, 0, n);
      } while (n == b.length || !d.needsInput());
      return o.toByteArray();
    } finally {
      d.end();
    }
  }

  /** Little-endian ZIP header fields. */
  private static final class Le extends ByteArrayOutputStream {
    Le i16(int v) {
      write(v & 0xFF);
      write((v >>> 8) & 0xFF);
      return this;
    }

    Le i32(long v) {
      i16((int) (v & 0xFFFF));
      return i16((int) ((v >>> 16) & 0xFFFF));
    }

    Le bytes(byte[] b) {
      write(b, 0, b.length);
      return this;
    }
  }

  /** Sends what is written through it at so many bytes a second, flushing as it goes. */
  private static final class Drip extends FilterOutputStream {
    private final long perSecond;

    Drip(OutputStream out, long perSecond) {
      super(out);
      this.perSecond = perSecond;
    }

    @Override
    public void write(int b) throws IOException {
      write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      // A tenth of a second's worth at a time (at least one byte), then the rest of that time.
      int step = (int) Math.max(1, Math.min(CHUNK, perSecond / 10));
      long pauseNanos = step * 1_000_000_000L / perSecond;
      for (int i = 0; i < len; i += step) {
        int n = Math.min(step, len - i);
        out.write(b, off + i, n);
        out.flush();
        try {
          Thread.sleep(pauseNanos / 1_000_000, (int) (pauseNanos % 1_000_000));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new InterruptedIOException("sandbox stopped while dripping");
        }
      }
    }
  }
}
