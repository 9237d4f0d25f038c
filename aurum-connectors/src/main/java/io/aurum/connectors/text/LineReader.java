package io.aurum.connectors.text;

import io.aurum.connectors.UpstreamLimits;
import io.aurum.connectors.http.SizeLimitExceeded;
import java.io.IOException;
import java.io.Reader;

/**
 * {@link java.io.BufferedReader#readLine()} with a bound: lines end at LF, CR or CRLF, and a line
 * longer than {@code maxChars} throws {@link SizeLimitExceeded} as soon as it passes the bound,
 * having held no more than that, instead of growing a buffer until the heap or the largest array
 * gives out. Not thread-safe.
 */
public final class LineReader {
  private static final int BUFFER = 8192;

  private final Reader in;
  private final int maxChars;
  private final String limitMessage;
  private final char[] buf = new char[BUFFER];
  private final StringBuilder spill = new StringBuilder();
  private int pos;
  private int len;
  private boolean skipLf;

  /**
   * @param what the text read, for the message, e.g. {@code the NYISO CSV <url>}
   * @param limitName where the bound is configured, for the message
   */
  public LineReader(Reader in, int maxChars, String what, String limitName) {
    this.in = in;
    this.maxChars = maxChars;
    this.limitMessage =
        "a line of "
            + what
            + " is longer than "
            + UpstreamLimits.bytes(maxChars)
            + " ("
            + limitName
            + ")";
  }

  /** The next line without its terminator; null at the end. */
  public String readLine() throws IOException {
    spill.setLength(0);
    boolean any = false;
    while (true) {
      if (pos >= len) {
        len = in.read(buf, 0, BUFFER);
        pos = 0;
        if (len <= 0) {
          len = 0;
          return any ? spill.toString() : null;
        }
      }
      if (skipLf) {
        skipLf = false;
        if (buf[pos] == '\n') {
          pos++;
          continue;
        }
      }
      any = true;
      int start = pos;
      int i = pos;
      while (i < len && buf[i] != '\n' && buf[i] != '\r') {
        i++;
      }
      if (spill.length() + (i - start) > maxChars) {
        throw new SizeLimitExceeded(limitMessage);
      }
      if (i < len) {
        skipLf = buf[i] == '\r';
        pos = i + 1;
        if (spill.length() == 0) {
          return new String(buf, start, i - start);
        }
        return spill.append(buf, start, i - start).toString();
      }
      spill.append(buf, start, i - start);
      pos = len;
    }
  }
}
