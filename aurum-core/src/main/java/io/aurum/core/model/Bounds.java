package io.aurum.core.model;

/**
 * A dataset's plausible bounds: the values it can hold at all (the catalog's {@code bounds}). A
 * value outside them, or one that is not finite, is never data: it becomes a failed record. They
 * are wider than the quality range ({@code min_value}..{@code max_value}), whose outliers are
 * published and only lower the score. Either side may be open (infinite).
 */
public record Bounds(double min, double max) {
  /** No bounds: only non-finite values are rejected. */
  public static final Bounds NONE = new Bounds(Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY);

  public Bounds {
    if (Double.isNaN(min)
        || Double.isNaN(max)
        || min == Double.POSITIVE_INFINITY
        || max == Double.NEGATIVE_INFINITY) {
      throw new IllegalArgumentException("bounds must be numbers, got [" + min + ", " + max + "]");
    }
    if (min > max) {
      throw new IllegalArgumentException("bounds.min " + min + " is above bounds.max " + max);
    }
    // -0.0 (from a conversion) is 0: equal bounds are equal records.
    min += 0.0;
    max += 0.0;
  }

  /** Whether a finite value lies within the bounds (inclusive). */
  public boolean contains(double v) {
    return v >= min && v <= max;
  }

  /** The bounds under a linear unit conversion (a negative factor swaps them). */
  public Bounds scaled(double factor) {
    if (this.equals(NONE) || factor == 1.0) {
      return this;
    }
    double a = min * factor;
    double b = max * factor;
    return new Bounds(
        Double.isNaN(a) ? Double.NEGATIVE_INFINITY : Math.min(a, b),
        Double.isNaN(b) ? Double.POSITIVE_INFINITY : Math.max(a, b));
  }

  @Override
  public String toString() {
    return "[" + text(min) + ", " + text(max) + "]";
  }

  private static String text(double v) {
    return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
  }
}
