package io.aurum.core.model;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * SHA-256 of a version's canonical rows: sorted by series id then period, one line per row of
 * series, epoch second, value and unit. Attributes (provenance) are left out, so two fetches of the
 * same upstream data have the same checksum.
 */
public final class Checksums {
  public static final Comparator<Observation> CANONICAL_ORDER = Checksums::compareCanonical;

  private static final int CHUNK = 60_000;
  private static final MessageDigest SHA256 = newSha256();

  private Checksums() {}

  public static String of(List<Observation> rows) {
    List<Observation> sorted = rows;
    if (!isSorted(rows)) {
      sorted = canonical(rows);
    }
    MessageDigest digest = sha256();
    // Lines are gathered in chunks and encoded once per chunk: SHA-256 streams, so the digest is
    // the same as one update per line.
    // Sized to the rows: a day of hourly rows needs about 1 KB, not the 64 KB a full chunk takes.
    StringBuilder chunk = new StringBuilder(Math.min(CHUNK + 256, 64 + 48 * sorted.size()));
    for (Observation o : sorted) {
      chunk.append(o.seriesId()).append('\t').append(o.period().getEpochSecond()).append('\t');
      appendValue(chunk, o.value());
      chunk.append('\t').append(o.unit() == null ? "" : o.unit()).append('\n');
      if (chunk.length() >= CHUNK) {
        digest.update(chunk.toString().getBytes(StandardCharsets.UTF_8));
        chunk.setLength(0);
      }
    }
    digest.update(chunk.toString().getBytes(StandardCharsets.UTF_8));
    return HexFormat.of().formatHex(digest.digest());
  }

  /**
   * The rows in {@link #CANONICAL_ORDER}, equal rows in arrival order (a stable sort), as a new
   * list. Pages arrive ordered by period with many series interleaved, so rows are bucketed by
   * series (each bucket is then usually already in period order) instead of merge-sorted with the
   * comparator: one hash lookup per row instead of a dozen comparisons.
   */
  public static List<Observation> canonical(List<Observation> rows) {
    Map<String, List<Observation>> bySeries = new HashMap<>();
    List<Observation> bucket = null;
    String series = null;
    for (Observation o : rows) {
      if (!o.seriesId().equals(series)) {
        series = o.seriesId();
        bucket = bySeries.computeIfAbsent(series, k -> new ArrayList<>());
      }
      bucket.add(o);
    }
    List<String> names = new ArrayList<>(bySeries.keySet());
    names.sort(null);
    List<Observation> out = new ArrayList<>(rows.size());
    for (String name : names) {
      List<Observation> b = bySeries.get(name);
      if (!isSorted(b)) {
        b.sort(CANONICAL_ORDER);
      }
      out.addAll(b);
    }
    return out;
  }

  /**
   * Appends exactly what {@link Double#toString(double)} gives, which the canonical line is defined
   * by. Whole values below 10^7 (most meter readings, demand in MWh) print as the integer and
   * {@code ".0"}, which is much faster than the general algorithm; the rest take the JDK's path.
   */
  static void appendValue(StringBuilder sb, double v) {
    if (v == Math.rint(v) && Math.abs(v) < 1e7 && (v != 0 || Double.doubleToRawLongBits(v) == 0)) {
      sb.append((long) v).append(".0");
    } else {
      sb.append(v);
    }
  }

  /**
   * Series id, then period. Rows of one series usually share one string instance (parsers hand out
   * the catalog's), which compares equal without reading it.
   */
  private static int compareCanonical(Observation a, Observation b) {
    String x = a.seriesId();
    String y = b.seriesId();
    int bySeries = x == y ? 0 : x.compareTo(y);
    return bySeries != 0 ? bySeries : a.period().compareTo(b.period());
  }

  /** Whether the rows are already in {@link #CANONICAL_ORDER}. */
  public static boolean isSorted(List<Observation> rows) {
    for (int i = 1; i < rows.size(); i++) {
      if (CANONICAL_ORDER.compare(rows.get(i - 1), rows.get(i)) > 0) {
        return false;
      }
    }
    return true;
  }

  /** A fresh SHA-256 digest: a clone of one prototype, without a provider lookup per call. */
  public static MessageDigest sha256() {
    try {
      return (MessageDigest) SHA256.clone();
    } catch (CloneNotSupportedException e) {
      return newSha256();
    }
  }

  private static MessageDigest newSha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK lacks SHA-256", e);
    }
  }
}
