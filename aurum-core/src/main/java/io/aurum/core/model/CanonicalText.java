package io.aurum.core.model;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;

/**
 * The canonical text of a version's rows as it is digested: UTF-8 bytes gathered in a fixed buffer
 * and handed to SHA-256 whenever it fills. One per thread ({@link Checksums}); not thread-safe.
 */
final class CanonicalText {
  private static final int SIZE = 16 * 1024;

  private final byte[] buffer = new byte[SIZE];
  private final MessageDigest digest = Checksums.sha256();
  private int length;

  void start() {
    digest.reset();
    length = 0;
  }

  /** The SHA-256 of all that was appended since {@link #start}, in lower-case hex. */
  String finish() {
    flush();
    return HexFormat.of().formatHex(digest.digest());
  }

  void append(byte b) {
    if (length == SIZE) {
      flush();
    }
    buffer[length++] = b;
  }

  /** A string as UTF-8: ASCII byte by byte, anything else through the JDK's encoder. */
  void append(String s) {
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
  void append(long v) {
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
