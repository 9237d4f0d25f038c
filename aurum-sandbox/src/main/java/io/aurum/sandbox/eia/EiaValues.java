package io.aurum.sandbox.eia;

import io.aurum.sandbox.Values;

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
    double level = route.min() + span * (0.2 + 0.5 * Values.unit(route.id(), first, second));
    double shape = 1.0;
    if (route.hourly()) {
      // a daily cycle peaking late afternoon (US time), roughly ±15 %
      shape = 1.0 + 0.15 * Math.sin(2 * Math.PI * (hourOfDay - 11) / 24.0);
    }
    double noise = 1.0 + 0.06 * (Values.unit(route.id(), first, second, period) - 0.5);
    double v = level * shape * noise;
    v = Math.max(route.min(), Math.min(route.max(), v));
    return Values.revised(v, route.decimals(), revision).toPlainString();
  }
}
