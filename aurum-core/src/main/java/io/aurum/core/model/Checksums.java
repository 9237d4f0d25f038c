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

  private Checksums() {}

  public static String of(List<Observation> rows) {
    List<Observation> sorted = new ArrayList<>(rows);
    sorted.sort(CANONICAL_ORDER);
    MessageDigest digest = sha256();
    StringBuilder line = new StringBuilder(64);
    for (Observation o : sorted) {
      line.setLength(0);
      line.append(o.seriesId())
          .append('\t')
          .append(o.period().getEpochSecond())
          .append('\t')
          .append(o.value())
          .append('\t')
          .append(o.unit() == null ? "" : o.unit())
          .append('\n');
      digest.update(line.toString().getBytes(StandardCharsets.UTF_8));
    }
    return HexFormat.of().formatHex(digest.digest());
  }

  public static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK lacks SHA-256", e);
    }
  }
}
