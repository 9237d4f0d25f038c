package io.aurum.sandbox.eia;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * The emulated EIA values: a pure function of (route, facet values, period, revision). Each series
 * has a level within the route's range, hourly series a daily shape, and every period a small
 * deterministic noise; revision r scales the value by 1 + 2·r % and adds r units of the last digit,
 * so any revision changes the value.
 */
final class EiaValues {
  private EiaValues() {}

  /** The value as EIA prints it: an integer for hourly data, two decimals for prices. */
  static String value(
      EiaRoute route, String first, String second, String period, int hourOfDay, int revision) {
    double span = route.max() - route.min();
    double level = route.min() + span * (0.2 + 0.5 * unit(hash(route.id(), first, second)));
    double shape = 1.0;
    if (route.hourly()) {
      // a daily cycle peaking late afternoon (US time), roughly ±15 %
      shape = 1.0 + 0.15 * Math.sin(2 * Math.PI * (hourOfDay - 11) / 24.0);
    }
    double noise = 1.0 + 0.06 * (unit(hash(route.id(), first, second, period)) - 0.5);
    double v = level * shape * noise;
    v = Math.max(route.min(), Math.min(route.max(), v));
    BigDecimal step = BigDecimal.ONE.movePointLeft(route.decimals());
    BigDecimal base = BigDecimal.valueOf(v).setScale(route.decimals(), RoundingMode.HALF_UP);
    if (revision > 0) {
      base =
          base.multiply(BigDecimal.valueOf(1 + 0.02 * revision))
              .setScale(route.decimals(), RoundingMode.HALF_UP)
              .add(step.multiply(BigDecimal.valueOf(revision)));
    }
    return base.toPlainString();
  }

  private static double unit(long h) {
    return (h >>> 11) * 0x1.0p-53;
  }

  static long hash(String... parts) {
    long h = 0x9E3779B97F4A7C15L;
    for (String p : parts) {
      for (int i = 0; i < p.length(); i++) {
        h = (h ^ p.charAt(i)) * 0x100000001B3L;
      }
      h = (h ^ '|') * 0x100000001B3L;
    }
    // splitmix64 finaliser
    h = (h ^ (h >>> 30)) * 0xBF58476D1CE4E5B9L;
    h = (h ^ (h >>> 27)) * 0x94D049BB133111EBL;
    return h ^ (h >>> 31);
  }
}
