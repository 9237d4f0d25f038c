package io.aurum.core.quality;

import io.aurum.core.model.Dataset;
import io.aurum.core.model.Observation;

/**
 * The one rule for what a value may be: finite (not NaN, not ±Infinity, which is also what a number
 * beyond ±1.8e308 such as {@code 1e400} parses to) and within the dataset's plausible bounds. A row
 * that breaks it is never data: the quality engine rejects it before anything is kept, so no
 * connector, transform or replay can publish it. Stateless.
 */
public final class Plausibility {
  private Plausibility() {}

  /** A rejected row and why. */
  public record Rejected(Observation row, String reason) {}

  /** Why {@code o} is not data of {@code d}, or null when it is plausible. */
  public static String reject(Dataset d, Observation o) {
    double v = o.value();
    if (Double.isNaN(v)) {
      return "value is NaN (not a number)";
    }
    if (Double.isInfinite(v)) {
      return "value is "
          + (v > 0 ? "+" : "-")
          + "Infinity (upstream sent an infinity, or a number beyond the range of a double such as"
          + " 1e400)";
    }
    if (!d.bounds().contains(v)) {
      return "value " + v + " is outside the plausible bounds " + d.bounds() + " of " + d.name();
    }
    return null;
  }
}
