package io.aurum.core.model;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;

/**
 * The digest of a version's row attributes (provenance), which {@link Checksums} leaves out: the
 * sum modulo 2^256 of SHA-256({@code series \t epoch-second \t attributes}) over every row whose
 * attributes are not null, as 64 hex digits. A sum does not depend on row order, so a store adds
 * each staged batch to what it recorded before, and rows read back in any order give the same
 * digest. Rows without attributes add nothing: a fetch without attributes costs nothing here.
 * Editing, adding or removing a row's attributes changes the digest. Not thread-safe.
 */
public final class AttributeDigest {
  /** The digest of rows without attributes. */
  public static final String EMPTY = "0".repeat(64);

  private final long[] sum = new long[4];
  private final MessageDigest sha = Checksums.sha256();
  private String lastText;
  private byte[] lastBytes;
  private boolean empty = true;

  /** The digest of these rows. */
  public static String of(List<Observation> rows) {
    AttributeDigest d = new AttributeDigest();
    d.addAll(rows);
    return d.hex();
  }

  /**
   * {@code recorded} plus what was added here. A null {@code recorded} (not covered) stays null,
   * and a malformed one is returned unchanged, for validation to report.
   */
  public String plus(String recorded) {
    if (!wellFormed(recorded)) {
      return recorded;
    }
    AttributeDigest d = parse(recorded);
    long carry = 0;
    for (int i = 3; i >= 0; i--) {
      carry = addWord(d.sum, i, sum[i], carry);
    }
    return d.hex();
  }

  /** Whether {@code s} is a digest as this class writes it: 64 lower-case hex digits. */
  public static boolean wellFormed(String s) {
    if (s == null || s.length() != 64) {
      return false;
    }
    for (int i = 0; i < 64; i++) {
      char c = s.charAt(i);
      if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
        return false;
      }
    }
    return true;
  }

  /** A digest to add to; throws IllegalArgumentException unless {@link #wellFormed}. */
  public static AttributeDigest parse(String hex) {
    if (!wellFormed(hex)) {
      throw new IllegalArgumentException("not an attributes digest: " + hex);
    }
    AttributeDigest d = new AttributeDigest();
    for (int i = 0; i < 4; i++) {
      d.sum[i] = Long.parseUnsignedLong(hex.substring(16 * i, 16 * i + 16), 16);
    }
    d.empty = hex.equals(EMPTY);
    return d;
  }

  public void addAll(List<Observation> rows) {
    for (Observation o : rows) {
      add(o);
    }
  }

  public void add(Observation o) {
    String a = o.attributes();
    if (a == null) {
      return;
    }
    if (a != lastText) {
      // A replay stamps one provenance text on every row of a task: encoded once.
      lastText = a;
      lastBytes = a.getBytes(StandardCharsets.UTF_8);
    }
    sha.update(o.seriesId().getBytes(StandardCharsets.UTF_8));
    sha.update((byte) '\t');
    sha.update(Long.toString(o.period().getEpochSecond()).getBytes(StandardCharsets.US_ASCII));
    sha.update((byte) '\t');
    sha.update(lastBytes);
    byte[] h = sha.digest();
    // 256-bit addition, big-endian words, the carry out of the top word dropped.
    long carry = 0;
    for (int i = 3; i >= 0; i--) {
      long word = 0;
      for (int b = 0; b < 8; b++) {
        word = (word << 8) | (h[8 * i + b] & 0xff);
      }
      carry = addWord(sum, i, word, carry);
    }
    empty = false;
  }

  /** {@code sum[i] += word + carry}; returns the carry out. */
  private static long addWord(long[] sum, int i, long word, long carry) {
    long s = sum[i] + word;
    long c1 = Long.compareUnsigned(s, word) < 0 ? 1 : 0;
    long s2 = s + carry;
    long c2 = Long.compareUnsigned(s2, s) < 0 ? 1 : 0;
    sum[i] = s2;
    return c1 | c2;
  }

  /** Whether nothing was added (and the parsed digest, if any, was {@link #EMPTY}). */
  public boolean isEmpty() {
    return empty;
  }

  public String hex() {
    StringBuilder b = new StringBuilder(64);
    HexFormat f = HexFormat.of();
    for (long w : sum) {
      b.append(f.toHexDigits(w));
    }
    return b.toString();
  }
}
