package io.aurum.sandbox;

import java.math.BigDecimal;
import java.math.RoundingMode;

/** Deterministic pseudo-random numbers for emulated data: pure functions of their inputs. */
public final class Values {
  private Values() {}

  /** A 64-bit hash of the parts (FNV-1a, then the splitmix64 finaliser). */
  public static long hash(String... parts) {
    long h = 0x9E3779B97F4A7C15L;
    for (String p : parts) {
      for (int i = 0; i < p.length(); i++) {
        h = (h ^ p.charAt(i)) * 0x100000001B3L;
      }
      h = (h ^ '|') * 0x100000001B3L;
    }
    h = (h ^ (h >>> 30)) * 0xBF58476D1CE4E5B9L;
    h = (h ^ (h >>> 27)) * 0x94D049BB133111EBL;
    return h ^ (h >>> 31);
  }

  /** A number in [0, 1) from the parts. */
  public static double unit(String... parts) {
    return (hash(parts) >>> 11) * 0x1.0p-53;
  }

  /**
   * {@code level} with ±{@code spread}/2 relative noise, then revised: revision r scales by 1 + 2·r
   * % and adds r units of the last decimal, so any revision changes the value.
   */
  public static BigDecimal value(
      double level, double spread, int decimals, int revision, String... parts) {
    double v = level * (1.0 + spread * (unit(parts) - 0.5));
    return revised(v, decimals, revision);
  }

  /**
   * {@code v} rounded to {@code decimals} (half up), then revised: revision r scales by 1 + 2·r %
   * and adds r units of the last decimal, so any revision changes the value.
   */
  public static BigDecimal revised(double v, int decimals, int revision) {
    BigDecimal base = BigDecimal.valueOf(v).setScale(decimals, RoundingMode.HALF_UP);
    if (revision > 0) {
      base =
          base.multiply(BigDecimal.valueOf(1 + 0.02 * revision))
              .setScale(decimals, RoundingMode.HALF_UP)
              .add(BigDecimal.ONE.movePointLeft(decimals).multiply(BigDecimal.valueOf(revision)));
    }
    return base;
  }

  /** A JSON string literal. */
  public static String quote(String s) {
    StringBuilder b = new StringBuilder("\"");
    for (char c : s.toCharArray()) {
      if (c == '"' || c == '\\') {
        b.append('\\').append(c);
      } else if (c < 0x20) {
        b.append(String.format("\\u%04x", (int) c));
      } else {
        b.append(c);
      }
    }
    return b.append('"').toString();
  }
}
