package io.aurum.core.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The checksum's fast value text must be exactly Double.toString, or stored checksums break. */
class ChecksumValueTextTest {
  private final Sha256Text text = new Sha256Text();

  /** The digest of the value as the checksum writes it. */
  private String text(double v) {
    text.start();
    Checksums.appendValue(text, v);
    return text.finish();
  }

  private static String expected(double v) {
    byte[] utf8 = Double.toString(v).getBytes(StandardCharsets.UTF_8);
    return HexFormat.of().formatHex(Checksums.sha256().digest(utf8));
  }

  @Test
  void equals_double_to_string_at_the_edges() {
    double[] edges = {
      0.0,
      -0.0,
      1.0,
      -1.0,
      9_999_999.0,
      10_000_000.0,
      -9_999_999.0,
      -10_000_000.0,
      0.5,
      1e-3,
      1e-4,
      123_456.75,
      Double.NaN,
      Double.POSITIVE_INFINITY,
      Double.NEGATIVE_INFINITY,
      Double.MAX_VALUE,
      Double.MIN_VALUE,
      4.5e15,
      9.007199254740993e15
    };
    for (double v : edges) {
      assertThat(text(v)).as("%s", v).isEqualTo(expected(v));
    }
  }

  @Test
  void equals_double_to_string_on_random_whole_and_fractional_values() {
    Random random = new Random(11);
    for (int i = 0; i < 200_000; i++) {
      double v =
          switch (i % 4) {
            case 0 -> random.nextInt(20_000_000) - 10_000_000;
            case 1 -> random.nextInt(100_000) / 100.0;
            case 2 -> Double.longBitsToDouble(random.nextLong());
            default -> (random.nextInt(2_000) - 1_000) * Math.pow(10, random.nextInt(12));
          };
      assertThat(text(v)).as("%s", v).isEqualTo(expected(v));
    }
  }
}
