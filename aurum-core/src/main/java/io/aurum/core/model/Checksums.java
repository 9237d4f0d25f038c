package io.aurum.core.model;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;

/**
 * SHA-256 of a version's canonical rows: sorted by series id then period, one line per row of
 * series, epoch second, value and unit. Attributes (provenance) are left out, so two fetches of the
 * same upstream data have the same checksum.
 */
public final class Checksums {
  public static final Comparator<Observation> CANONICAL_ORDER =
      Comparator.comparing(Observation::seriesId).thenComparing(Observation::period);

  private static final int CHUNK = 60_000;

  private Checksums() {}

  public static String of(List<Observation> rows) {
    List<Observation> sorted = rows;
    if (!isSorted(rows)) {
      sorted = new ArrayList<>(rows);
      sorted.sort(CANONICAL_ORDER);
    }
    MessageDigest digest = sha256();
    // Lines are gathered in chunks and encoded once per chunk: SHA-256 streams, so the digest is
    // the same as one update per line.
    // Sized to the rows: a day of hourly rows needs about 1 KB, not the 64 KB a full chunk takes.
    StringBuilder chunk = new StringBuilder(Math.min(CHUNK + 256, 64 + 48 * sorted.size()));
    for (Observation o : sorted) {
      chunk
          .append(o.seriesId())
          .append('\t')
          .append(o.period().getEpochSecond())
          .append('\t')
          .append(o.value())
          .append('\t')
          .append(o.unit() == null ? "" : o.unit())
          .append('\n');
      if (chunk.length() >= CHUNK) {
        digest.update(chunk.toString().getBytes(StandardCharsets.UTF_8));
        chunk.setLength(0);
      }
    }
    digest.update(chunk.toString().getBytes(StandardCharsets.UTF_8));
    return HexFormat.of().formatHex(digest.digest());
  }

  private static boolean isSorted(List<Observation> rows) {
    for (int i = 1; i < rows.size(); i++) {
      if (CANONICAL_ORDER.compare(rows.get(i - 1), rows.get(i)) > 0) {
        return false;
      }
    }
    return true;
  }

  public static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK lacks SHA-256", e);
    }
  }
}
