package io.aurum.connectors.iso.caiso;

import io.aurum.connectors.UpstreamLimits;
import io.aurum.connectors.http.SizeLimitExceeded;
import io.aurum.connectors.text.Decimals;
import io.aurum.core.error.UpstreamException;
import io.aurum.core.model.Observation;
import java.io.IOException;
import java.io.InputStream;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;

/**
 * Reads one CAISO OASIS CSV member as bytes, in a reused buffer: every row is scanned for field
 * bounds only as far as {@code LMP_TYPE} (four rows in five are components and are skipped there),
 * and a kept row materialises nothing but its node (interned), its start stamp (one {@link Instant}
 * per distinct stamp) and its value (parsed from the bytes). Lines end with LF or CRLF; a field may
 * be double-quoted, with commas and doubled quotes inside but no line break. One instance reads one
 * member; not thread-safe.
 */
final class CaisoCsvReader {
  static final int CHUNK = 1 << 16;
  private static final int STAMP_BITS = 11;
  private static final int STAMP_SLOTS = 1 << STAMP_BITS;
  private static final VarHandle LONGS =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  static final int SLACK = 8;
  private static final long LFS = 0x0A0A0A0A0A0A0A0AL;
  private static final long COMMAS = 0x2C2C2C2C2C2C2C2CL;
  private static final long QUOTES = 0x2222222222222222L;

  private final InputStream in;
  private final String unit;
  private final Consumer<Observation> sink;
  private final int maxLine;
  private final String member;
  private byte[] buf;
  private int len;
  private int pos;
  private boolean eof;

  private int columns;
  private int startCol;
  private int nodeCol;
  private int typeCol;
  private int valueCol;
  private int[] from;
  private int[] to;
  private int kept;

  private final Interner nodes = new Interner();
  private final long[] stampKeys = new long[STAMP_SLOTS];
  private final Instant[] stampValues = new Instant[STAMP_SLOTS];

  /**
   * @param head the member's first bytes, already read: becomes the buffer if it has {@link #SLACK}
   *     bytes to spare past {@link #CHUNK}
   */
  CaisoCsvReader(
      InputStream in, byte[] head, int headLength, String unit, Consumer<Observation> sink) {
    this(in, head, headLength, unit, sink, UpstreamLimits.DEFAULT_MAX_LINE_BYTES, "a CSV member");
  }

  /**
   * @param maxLine the longest line read: a longer one throws {@link SizeLimitExceeded} (at least
   *     {@link #CHUNK}, the buffer the check is made per)
   * @param member what is read, for that message
   */
  CaisoCsvReader(
      InputStream in,
      byte[] head,
      int headLength,
      String unit,
      Consumer<Observation> sink,
      int maxLine,
      String member) {
    this.in = in;
    this.unit = unit;
    this.sink = sink;
    this.maxLine = maxLine;
    this.member = member;
    this.buf =
        head.length >= CHUNK + SLACK && headLength <= head.length - SLACK
            ? head
            : Arrays.copyOf(head, Math.max(head.length, CHUNK) + SLACK);
    this.len = headLength;
  }

  /** Reads the whole member; returns the observations sent to the sink. */
  int read() throws IOException {
    int nl = nextLine();
    if (nl < 0 && pos == len) {
      return 0; // empty member
    }
    int end = nl < 0 ? len : nl;
    header(new String(buf, pos, trimCr(pos, end) - pos, StandardCharsets.UTF_8));
    pos = nl < 0 ? len : nl + 1;
    while (true) {
      // Every row up to the buffer's last line break is whole: no bounds to check per row.
      int last = len - 1;
      while (last >= pos && buf[last] != '\n') {
        last--;
      }
      if (last < pos) {
        if (eof) {
          if (pos < len) {
            kept += row(pos, trimCr(pos, len)); // last line without a line break
          }
          return kept;
        }
        fill();
        continue;
      }
      int p = pos;
      while (p <= last) {
        p = nextRow(p);
      }
      pos = p;
    }
  }

  /**
   * Reads the row starting at {@code p}, which ends with a line break in the buffer; returns where
   * the next one starts. Eight bytes at a time, it counts commas up to {@code LMP_TYPE} and, for a
   * component row (four in five), goes straight to the line break: such a row costs no field bounds
   * at all; an {@code LMP} row gets its bounds eight bytes at a time too. A quote or a line break
   * before {@code LMP_TYPE}, or a quote in an {@code LMP} row, takes the general scan ({@link
   * #row}).
   */
  private int nextRow(int p) throws IOException {
    byte[] b = buf;
    int ts = -1;
    int need = typeCol;
    if (need == 0) {
      ts = p;
    } else {
      for (int q = p; ; q += 8) {
        long w = (long) LONGS.get(b, q);
        if ((anyEqual(w, QUOTES) | anyEqual(w, LFS)) != 0) {
          break; // general scan
        }
        long commas = bytesEqual(w, COMMAS);
        int k = Long.bitCount(commas);
        if (k >= need) {
          for (int j = 1; j < need; j++) {
            commas &= commas - 1;
          }
          ts = q + (Long.numberOfTrailingZeros(commas) >>> 3) + 1;
          break;
        }
        need -= k;
      }
    }
    if (ts >= 0 && b[ts] != '"') {
      boolean lmp =
          b[ts] == 'L'
              && b[ts + 1] == 'M'
              && b[ts + 2] == 'P'
              && (b[ts + 3] == ','
                  || b[ts + 3] == '\n'
                  || (b[ts + 3] == '\r' && b[ts + 4] == '\n'));
      if (!lmp) {
        return nextLf(ts) + 1;
      }
      int nl = nextLf(ts);
      int end = trimCr(p, nl);
      int count = quotelessBounds(p, end);
      if (count < 0) {
        kept += row(p, end);
      } else if (count < columns) {
        throw new IOException("CAISO CSV row has " + count + " of " + columns + " fields");
      } else {
        kept += observe(p, end);
      }
      return nl + 1;
    }
    int nl = nextLf(p);
    kept += row(p, trimCr(p, nl));
    return nl + 1;
  }

  /** The next line break at or after {@code p}; there is one before the buffer's end. */
  private int nextLf(int p) {
    byte[] b = buf;
    for (; ; p += 8) {
      long lf = anyEqual((long) LONGS.get(b, p), LFS);
      if (lf != 0) {
        return p + (Long.numberOfTrailingZeros(lf) >>> 3);
      }
    }
  }

  /**
   * Records the bounds of the fields of {@code [lineFrom, lineTo)}, eight bytes at a time; returns
   * the field count, or -1 if the line has a quote (the general scan then reads it).
   */
  private int quotelessBounds(int lineFrom, int lineTo) {
    byte[] b = buf;
    int[] f = from;
    int[] t = to;
    int count = 0;
    int start = lineFrom;
    for (int q = lineFrom; q < lineTo; q += 8) {
      long w = (long) LONGS.get(b, q);
      long inLine = q + 8 <= lineTo ? -1L : (1L << ((lineTo - q) << 3)) - 1;
      if ((bytesEqual(w, QUOTES) & inLine) != 0) {
        return -1;
      }
      for (long commas = bytesEqual(w, COMMAS) & inLine; commas != 0; commas &= commas - 1) {
        int c = q + (Long.numberOfTrailingZeros(commas) >>> 3);
        if (count < f.length) {
          f[count] = start;
          t[count] = c;
        }
        count++;
        start = c + 1;
      }
    }
    if (count < f.length) {
      f[count] = start;
      t[count] = lineTo;
    }
    return count + 1;
  }

  private void header(String line) {
    List<String> cols = new ArrayList<>();
    byte[] b = line.replace("\uFEFF", "").getBytes(StandardCharsets.UTF_8);
    int[] f = new int[1];
    int[] t = new int[1];
    int p = 0;
    while (true) {
      int next = field(b, p, b.length, f, t, 0);
      cols.add(text(b, f[0], t[0]));
      if (next > b.length) {
        break;
      }
      p = next;
    }
    columns = cols.size();
    startCol = cols.indexOf("INTERVALSTARTTIME_GMT");
    nodeCol = cols.indexOf("NODE");
    typeCol = cols.indexOf("LMP_TYPE");
    valueCol = valueColumn(cols);
    if (startCol < 0 || nodeCol < 0 || typeCol < 0 || valueCol < 0) {
      throw UpstreamException.permanent("CAISO CSV header " + cols + " lacks a column", 200);
    }
    int last = Math.max(Math.max(startCol, nodeCol), Math.max(typeCol, valueCol));
    from = new int[last + 1];
    to = new int[last + 1];
  }

  private static int valueColumn(List<String> cols) {
    for (String c : new String[] {"MW", "VALUE", "PRC"}) {
      if (cols.contains(c)) {
        return cols.indexOf(c);
      }
    }
    return -1;
  }

  /** One data row in {@code [lineFrom, lineTo)}; returns 1 if it became an observation. */
  private int row(int lineFrom, int lineTo) throws IOException {
    if (lineFrom == lineTo) {
      return 0;
    }
    byte[] b = buf;
    int p = lineFrom;
    int count = 0;
    // Bounds up to LMP_TYPE only: a component row stops there.
    while (count <= typeCol) {
      if (p > lineTo) {
        if (blank(lineFrom, lineTo)) {
          return 0;
        }
        throw new IOException("CAISO CSV row has fewer than " + columns + " fields");
      }
      p = field(b, p, lineTo, from, to, count);
      count++;
    }
    int tf = from[typeCol];
    if (to[typeCol] - tf != 3 || b[tf] != 'L' || b[tf + 1] != 'M' || b[tf + 2] != 'P') {
      return 0;
    }
    while (p <= lineTo) {
      p = field(b, p, lineTo, from, to, count);
      count++;
    }
    if (count < columns) {
      throw new IOException("CAISO CSV row has " + count + " of " + columns + " fields");
    }
    return observe(lineFrom, lineTo);
  }

  /** Sends the observation of an LMP row whose bounds are recorded; 0 if its value is blank. */
  private int observe(int lineFrom, int lineTo) {
    byte[] b = buf;
    int vf = from[valueCol];
    int vt = to[valueCol];
    if (vf == vt || (b[vf] != '-' && (b[vf] < '0' || b[vf] > '9') && blank(vf, vt))) {
      return 0;
    }
    try {
      Instant at = stamp(from[startCol], to[startCol]);
      double value = Decimals.parse(b, vf, vt);
      if (Double.isNaN(value)) {
        value = Decimals.number(text(b, vf, vt));
      }
      sink.accept(new Observation(node(from[nodeCol], to[nodeCol]), at, value, unit));
      return 1;
    } catch (DateTimeParseException | NumberFormatException ex) {
      throw UpstreamException.permanent(
          "CAISO row '"
              + new String(b, lineFrom, lineTo - lineFrom, StandardCharsets.UTF_8)
              + "' does not parse",
          200);
    }
  }

  /**
   * Records in {@code from[i]}/{@code to[i]} (if {@code i} is within them) the bounds of the field
   * starting at {@code p}, inside its quotes if quoted; returns where the next field starts, which
   * is past {@code lineTo} after the last field.
   */
  private static int field(byte[] b, int p, int lineTo, int[] from, int[] to, int i) {
    int start = p;
    int end;
    if (p < lineTo && b[p] == '"') {
      start = p + 1;
      int q = start;
      while (true) {
        while (q < lineTo && b[q] != '"') {
          q++;
        }
        if (q >= lineTo) {
          throw UpstreamException.permanent("CAISO CSV row has an unterminated quote", 200);
        }
        if (q + 1 < lineTo && b[q + 1] == '"') {
          q += 2; // a doubled quote inside the field
          continue;
        }
        break;
      }
      end = q;
      p = q + 1;
      while (p < lineTo && b[p] != ',') {
        p++;
      }
    } else {
      while (p < lineTo && b[p] != ',') {
        p++;
      }
      end = p;
    }
    if (i < from.length) {
      from[i] = start;
      to[i] = end;
    }
    return p + 1;
  }

  /**
   * Nonzero if a byte of {@code w} equals the byte repeated in {@code pattern}; its lowest set bit
   * is the high bit of the first such byte (higher bits may be false positives).
   */
  private static long anyEqual(long w, long pattern) {
    long x = w ^ pattern;
    return (x - 0x0101010101010101L) & ~x & 0x8080808080808080L;
  }

  /** The high bit of each byte of {@code w} that equals the byte repeated in {@code pattern}. */
  private static long bytesEqual(long w, long pattern) {
    long x = w ^ pattern;
    return ~(((x & 0x7F7F7F7F7F7F7F7FL) + 0x7F7F7F7F7F7F7F7FL) | x | 0x7F7F7F7F7F7F7F7FL);
  }

  /** A field's text: its bytes, with doubled quotes undone if it was quoted. */
  private static String text(byte[] b, int f, int t) {
    String s = new String(b, f, t - f, StandardCharsets.UTF_8);
    return f > 0 && b[f - 1] == '"' && s.indexOf('"') >= 0 ? s.replace("\"\"", "\"") : s;
  }

  private boolean blank(int f, int t) {
    return new String(buf, f, t - f, StandardCharsets.UTF_8).isBlank();
  }

  private Instant stamp(int f, int t) {
    long s = AsciiFields.epochSecond(buf, f, t);
    if (s == AsciiFields.UNHANDLED) {
      return OffsetDateTime.parse(text(buf, f, t)).toInstant();
    }
    int slot = (int) ((s * 0x9E3779B97F4A7C15L) >>> (64 - STAMP_BITS));
    Instant at = stampValues[slot];
    if (at == null || stampKeys[slot] != s) {
      at = Instant.ofEpochSecond(s);
      stampKeys[slot] = s;
      stampValues[slot] = at;
    }
    return at;
  }

  private String node(int f, int t) {
    if (f > 0 && buf[f - 1] == '"') {
      for (int i = f; i < t; i++) {
        if (buf[i] == '"') {
          return text(buf, f, t); // doubled quotes inside: rare, not interned
        }
      }
    }
    return nodes.get(buf, f, t);
  }

  /** The index of the next LF at or after {@code pos}, reading more as needed; -1 at the end. */
  private int nextLine() throws IOException {
    while (true) {
      for (int i = pos; i < len; i++) {
        if (buf[i] == '\n') {
          return i;
        }
      }
      if (eof) {
        return -1;
      }
      fill();
    }
  }

  /**
   * Moves the unread bytes to the front and reads until the buffer is full or the member ends,
   * doubling the buffer (up to one byte past the line limit) if one line fills it; a line that
   * fills that too is past the limit. {@link #SLACK} bytes stay free at the end, so that an
   * eight-byte read at any byte of the data stays inside the array.
   */
  private void fill() throws IOException {
    if (pos > 0) {
      System.arraycopy(buf, pos, buf, 0, len - pos);
      len -= pos;
      pos = 0;
    }
    if (len == buf.length - SLACK) {
      int capacity = buf.length - SLACK;
      if (capacity > maxLine) {
        throw new SizeLimitExceeded(
            "a line of "
                + member
                + " is longer than "
                + UpstreamLimits.bytes(maxLine)
                + " (max_line_bytes of caiso)");
      }
      buf = Arrays.copyOf(buf, (int) Math.min(2L * capacity, maxLine + 1L) + SLACK);
    }
    while (len < buf.length - SLACK) {
      int n = in.read(buf, len, buf.length - SLACK - len);
      if (n < 0) {
        eof = true;
        return;
      }
      len += n;
    }
  }

  private int trimCr(int f, int t) {
    return t > f && buf[t - 1] == '\r' ? t - 1 : t;
  }

  /** Strings for byte ranges, one instance per distinct value (a handful of nodes per file). */
  private static final class Interner {
    private byte[][] keys = new byte[16][];
    private String[] values = new String[16];
    private int size;

    String get(byte[] b, int f, int t) {
      int h = 1;
      for (int i = f; i < t; i++) {
        h = 31 * h + b[i];
      }
      int mask = keys.length - 1;
      for (int slot = h & mask; ; slot = (slot + 1) & mask) {
        byte[] k = keys[slot];
        if (k == null) {
          String s = new String(b, f, t - f, StandardCharsets.UTF_8);
          keys[slot] = Arrays.copyOfRange(b, f, t);
          values[slot] = s;
          if (++size * 2 > keys.length) {
            grow();
          }
          return s;
        }
        if (Arrays.equals(k, 0, k.length, b, f, t)) {
          return values[slot];
        }
      }
    }

    private void grow() {
      byte[][] oldKeys = keys;
      String[] oldValues = values;
      keys = new byte[oldKeys.length * 2][];
      values = new String[oldKeys.length * 2];
      size = 0;
      for (int i = 0; i < oldKeys.length; i++) {
        if (oldKeys[i] != null) {
          put(oldKeys[i], oldValues[i]);
        }
      }
    }

    private void put(byte[] k, String v) {
      int h = 1;
      for (byte x : k) {
        h = 31 * h + x;
      }
      int mask = keys.length - 1;
      int slot = h & mask;
      while (keys[slot] != null) {
        slot = (slot + 1) & mask;
      }
      keys[slot] = k;
      values[slot] = v;
      size++;
    }
  }
}
