package io.aurum.core.quality;

import io.aurum.core.model.Dataset;
import io.aurum.core.model.Observation;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The publish gate of one candidate version: completeness (distinct rows present ÷ expected),
 * validity (finite values within the dataset's plausible range) and uniqueness (no repeated series
 * and period). The score is their product, in [0, 1]. Duplicates keep the last row. Stateless.
 */
public final class QualityGate {

  /** The gate's findings and the rows to publish (de-duplicated, sorted canonically). */
  public record Verdict(
      List<Observation> rows,
      double score,
      double completeness,
      boolean complete,
      int expected,
      int duplicates,
      int invalid,
      int unknownSeries) {

    public boolean passes(double threshold) {
      return score >= threshold;
    }

    public String describe() {
      return String.format(
          "quality %.3f (completeness %.3f: %d of %d rows; %d invalid, %d duplicate, %d unknown series)",
          score, completeness, rows.size(), expected, invalid, duplicates, unknownSeries);
    }
  }

  /** Evaluates {@code rows} fetched for [from, to) of the dataset. */
  public Verdict evaluate(Dataset d, Instant from, Instant to, List<Observation> rows) {
    Set<String> known = new HashSet<>(d.series());
    Map<String, Observation> unique = new HashMap<>(rows.size() * 2);
    int duplicates = 0;
    int invalid = 0;
    int unknown = 0;
    for (Observation o : rows) {
      if (o.period().isBefore(from) || !o.period().isBefore(to)) {
        continue;
      }
      if (!known.contains(o.seriesId())) {
        unknown++;
        continue;
      }
      if (!Double.isFinite(o.value()) || o.value() < d.minValue() || o.value() > d.maxValue()) {
        invalid++;
      }
      if (unique.put(o.seriesId() + '\u0000' + o.period().getEpochSecond(), o) != null) {
        duplicates++;
      }
    }
    int expected = d.series().size() * periods(d, from, to);
    List<Observation> kept = new ArrayList<>(unique.values());
    kept.sort(io.aurum.core.model.Checksums.CANONICAL_ORDER);
    double completeness = expected == 0 ? 1.0 : Math.min(1.0, (double) kept.size() / expected);
    int seen = kept.size() + duplicates;
    double validity = seen == 0 ? 1.0 : 1.0 - (double) invalid / seen;
    double uniqueness = seen == 0 ? 1.0 : 1.0 - (double) duplicates / seen;
    double score = completeness * validity * uniqueness;
    return new Verdict(
        kept, score, completeness, kept.size() >= expected, expected, duplicates, invalid, unknown);
  }

  private static int periods(Dataset d, Instant from, Instant to) {
    return switch (d.frequency()) {
      case HOURLY -> (int) Duration.between(from, to).toHours();
      case DAILY -> (int) Math.max(1, Duration.between(from, to).toDays());
      case MONTHLY -> 1;
    };
  }
}
