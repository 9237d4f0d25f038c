package io.aurum.core.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Stored checksums must never change: {@link Checksums#of} gives exactly the SHA-256 of the
 * canonical text as it was first defined (one line of series, epoch second, {@link Double#toString}
 * and unit per row, UTF-8), which {@link #reference} builds the plain way.
 */
class ChecksumsTest {
  private static final String[] SERIES = {
    "EBA.PJM-ALL.D.H", "CUUR0000SA0", "Zürich-Ø", "東京.負荷", "emoji-\uD83D\uDE00", "bad-\uD800"
  };
  private static final String[] UNITS = {"MWh", null, "", "°C", "index 1982-84=100"};

  @Test
  void equalsTheCanonicalTextDigestOnRandomVersions() {
    Random random = new Random(5);
    for (int round = 0; round < 300; round++) {
      int n = round % 50 == 0 ? 3_000 + random.nextInt(3_000) : random.nextInt(60);
      List<Observation> rows = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        rows.add(
            new Observation(
                SERIES[random.nextInt(SERIES.length)],
                Instant.ofEpochSecond(random.nextLong() % 5_000_000_000L),
                switch (random.nextInt(5)) {
                  case 0 -> random.nextInt(2_000_000) - 1_000_000;
                  case 1 -> random.nextInt(100_000) / 100.0;
                  case 2 -> Double.longBitsToDouble(random.nextLong());
                  case 3 -> -0.0;
                  default -> random.nextGaussian() * 1e9;
                },
                UNITS[random.nextInt(UNITS.length)]));
      }
      assertThat(Checksums.of(rows)).isEqualTo(reference(rows));
    }
  }

  @Test
  void equalsTheCanonicalTextDigestAtTheEdges() {
    List<Observation> rows =
        List.of(
            new Observation("s", Instant.ofEpochSecond(Long.MIN_VALUE / 1000), 1, "u"),
            new Observation("s", Instant.ofEpochSecond(-1), Double.NaN, null),
            new Observation("s", Instant.ofEpochSecond(0), Double.NEGATIVE_INFINITY, "u"),
            new Observation("s".repeat(40_000), Instant.ofEpochSecond(9), 1e7, "ü".repeat(9_000)),
            new Observation("t", Instant.ofEpochSecond(Long.MAX_VALUE / 1000), 9_999_999, "u"));
    assertThat(Checksums.of(rows)).isEqualTo(reference(rows));
    assertThat(Checksums.of(List.of())).isEqualTo(reference(List.of()));
  }

  @Test
  void theSameRowsInAnotherOrderHaveTheSameChecksum() {
    List<Observation> rows = new ArrayList<>();
    for (int i = 0; i < 48; i++) {
      rows.add(new Observation(SERIES[i % 3], Instant.ofEpochSecond(3600L * (i / 3)), i, "MWh"));
    }
    List<Observation> reversed = new ArrayList<>(rows);
    java.util.Collections.reverse(reversed);
    assertThat(Checksums.of(reversed)).isEqualTo(Checksums.of(rows)).isEqualTo(reference(rows));
  }

  /** The canonical text built as one string, then digested. */
  private static String reference(List<Observation> rows) {
    List<Observation> sorted = new ArrayList<>(rows);
    sorted.sort(Checksums.CANONICAL_ORDER);
    StringBuilder text = new StringBuilder();
    for (Observation o : sorted) {
      text.append(o.seriesId())
          .append('\t')
          .append(o.period().getEpochSecond())
          .append('\t')
          .append(Double.toString(o.value()))
          .append('\t')
          .append(o.unit() == null ? "" : o.unit())
          .append('\n');
    }
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      return HexFormat.of().formatHex(sha.digest(text.toString().getBytes(StandardCharsets.UTF_8)));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
  }
}
