package io.aurum.core.model;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * SHA-256 of a version's canonical rows: sorted by series id then period, one line per row of
 * series, epoch second, value and unit. Attributes (provenance) are left out, so two fetches of the
 * same upstream data have the same checksum.
 */
public final class Checksums {
  public static final Comparator<Observation> CANONICAL_ORDER = Checksums::compareCanonical;

  private static final MessageDigest SHA256 = newSha256();
  private static final ThreadLocal<Sha256Text> TEXT = ThreadLocal.withInitial(Sha256Text::new);

  private Checksums() {}

  public static String of(List<Observation> rows) {
    List<Observation> sorted = rows;
    if (!isSorted(rows)) {
      sorted = canonical(rows);
    }
    // The lines are written as UTF-8 straight into a buffer the thread reuses and digested a chunk
    // at a time (SHA-256 streams, so the digest is the same as one update per line): no
    // StringBuilder, String or byte[] per version, which were most of a small version's garbage.
    Sha256Text text = TEXT.get();
    text.start();
    for (Observation o : sorted) {
      text.append(o.seriesId());
      text.append('\t');
      text.append(o.period().getEpochSecond());
      text.append('\t');
      appendValue(text, o.value());
      text.append('\t');
      text.append(o.unit() == null ? "" : o.unit());
      text.append('\n');
    }
    return text.finish();
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
  static void appendValue(Sha256Text text, double v) {
    if (v == Math.rint(v) && Math.abs(v) < 1e7 && (v != 0 || Double.doubleToRawLongBits(v) == 0)) {
      text.append((long) v);
      text.append('.');
      text.append('0');
    } else {
      text.append(Double.toString(v));
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
