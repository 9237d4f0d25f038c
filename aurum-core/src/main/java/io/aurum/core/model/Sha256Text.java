package io.aurum.core.model;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;

/**
 * Text digested with SHA-256 as it is written: UTF-8 bytes gathered in a fixed buffer and handed to
 * the digest whenever it fills, so hashing a text allocates no String or byte[] for it (a version's
 * canonical rows, an audit entry). Reusable through {@link #start}; not thread-safe, so callers
 * keep one per thread.
 */
public final class Sha256Text {
  private static final int SIZE = 16 * 1024;

  private final byte[] buffer = new byte[SIZE];
  private final MessageDigest digest = Checksums.sha256();
  private int length;

  /** Starts a new text. */
  public void start() {
    digest.reset();
    length = 0;
  }

  /** The SHA-256 of all that was appended since {@link #start}, in lower-case hex. */
  public String finish() {
    flush();
    return HexFormat.of().formatHex(digest.digest());
  }

  /** A character as UTF-8. */
  public void append(char c) {
    if (c < 0x80) {
      append((byte) c);
    } else {
      append(String.valueOf(c));
    }
  }

  private void append(byte b) {
    if (length == SIZE) {
      flush();
    }
    buffer[length++] = b;
  }

  /** A string as UTF-8: ASCII byte by byte, anything else through the JDK's encoder. */
  public void append(String s) {
    int n = s.length();
    if (n > SIZE - length) {
      flush();
      if (n > SIZE) {
        digest.update(s.getBytes(StandardCharsets.UTF_8));
        return;
      }
    }
    int at = length;
    for (int i = 0; i < n; i++) {
      char c = s.charAt(i);
      if (c >= 0x80) {
        // Up to 3 bytes a char: encode the whole string (unpaired surrogates become '?', as
        // String.getBytes does everywhere else).
        byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
        if (utf8.length > SIZE - length) {
          flush();
          digest.update(utf8);
        } else {
          System.arraycopy(utf8, 0, buffer, length, utf8.length);
          length += utf8.length;
        }
        return;
      }
      buffer[at++] = (byte) c;
    }
    length = at;
  }

  /** A long in decimal, as {@link Long#toString(long)} writes it. */
  public void append(long v) {
    if (v == Long.MIN_VALUE) {
      append(Long.toString(v));
      return;
    }
    if (SIZE - length < 20) {
      flush();
    }
    if (v < 0) {
      buffer[length++] = '-';
      v = -v;
    }
    int digits = 1;
    for (long x = v; x >= 10; x /= 10) {
      digits++;
    }
    int at = length + digits;
    length = at;
    do {
      buffer[--at] = (byte) ('0' + v % 10);
      v /= 10;
    } while (v != 0);
  }

  private void flush() {
    digest.update(buffer, 0, length);
    length = 0;
  }
}
