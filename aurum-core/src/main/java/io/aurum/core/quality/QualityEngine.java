package io.aurum.core.quality;

import io.aurum.core.model.Checksums;
import io.aurum.core.model.Dataset;
import io.aurum.core.model.Frequency;
import io.aurum.core.model.Observation;
import io.aurum.core.quality.QualityReport.Finding;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Measures the quality of a partition's (or window's) rows under a {@link QualityProfile}:
 * completeness, accuracy and consistency per partition, timeliness per dataset. Used by the publish
 * gate on fetched rows and by {@code aurum validate} on stored ones. Stateless and thread-safe.
 */
public final class QualityEngine {
  private final QualityProfile profile;

  public QualityEngine(QualityProfile profile) {
    this.profile = Objects.requireNonNull(profile, "profile");
  }

  public QualityProfile profile() {
    return profile;
  }

  /**
   * Evaluates {@code rows} for [from, to) of the dataset; {@code previous} are the rows of the
   * version these would replace (null when none, or when drift is not wanted).
   */
  public QualityReport evaluate(
      Dataset d, Instant from, Instant to, List<Observation> rows, List<Observation> previous) {
    // In phases, each its own small method: the compiler turns small hot methods into fast code
    // quickly, and one large method took it over a second per compilation.
    Findings f = new Findings(profile.maxFindingsPerCheck());
    Tally t = new Tally();
    List<Observation> accepted = screen(d, from, to, rows, f, t);
    // Canonical order, then one pass: no map of keys. The order is stable, so rows with the same
    // series and period stay in arrival order and the last one wins, as a map would keep it.
    if (!Checksums.isSorted(accepted)) {
      accepted = Checksums.canonical(accepted);
    }
    Map<String, int[]> spans = new HashMap<>();
    List<Observation> kept = dedupe(accepted, spans, f, t);
    completeness(d, expectedPeriods(d, from, to), kept, spans, f, t);
    int drifted =
        previous != null && profile.driftTolerance() != null ? drift(kept, previous, f) : 0;
    int seen = kept.size() + t.duplicates + t.rejected.size();
    Map<QualityCheck, Double> scores = new EnumMap<>(QualityCheck.class);
    scores.put(
        QualityCheck.COMPLETENESS,
        t.expected == 0 ? 1.0 : Math.min(1.0, (double) t.present / t.expected));
    scores.put(QualityCheck.ACCURACY, seen == 0 ? 1.0 : 1.0 - (double) t.invalid / seen);
    int inconsistent = t.duplicates + t.misaligned + t.unknown + drifted;
    scores.put(
        QualityCheck.CONSISTENCY,
        seen + t.unknown == 0
            ? 1.0
            : Math.max(0, 1.0 - (double) inconsistent / (seen + t.unknown)));
    double score = 1.0;
    for (Map.Entry<QualityCheck, Double> w : profile.weights().entrySet()) {
      Double s = scores.get(w.getKey());
      if (s != null) {
        score *= Math.pow(s, w.getValue());
      }
    }
    Map<QualityCheck, Double> reported = new EnumMap<>(QualityCheck.class);
    scores.forEach(
        (c, s) -> {
          if (profile.enabled(c)) {
            reported.put(c, s);
          }
        });
    return new QualityReport(
        from,
        to,
        kept,
        t.expected,
        t.present,
        reported,
        score,
        new QualityReport.Defects(
            t.missing,
            t.invalid,
            t.nan,
            t.range,
            t.unit,
            t.duplicates,
            t.misaligned,
            t.unknown,
            drifted),
        f.enabled(profile),
        t.rejected);
  }

  /** How fresh a dataset's newest data is against its publication lag. */
  public record Timeliness(Instant newest, Duration age, Duration lag, double score) {
    public boolean late() {
      return score < 1.0;
    }
  }

  /**
   * Timeliness of a dataset whose newest period starts at {@code newest} (null: no data): 1 while
   * the age is within the publication lag, then lag ÷ age.
   */
  public static Timeliness timeliness(Dataset d, Instant newest, Instant now) {
    Duration lag = d.publicationLag();
    if (newest == null) {
      return new Timeliness(null, null, lag, 0.0);
    }
    Duration age = Duration.between(newest, now);
    double score =
        age.compareTo(lag) <= 0 ? 1.0 : (double) lag.toSeconds() / Math.max(1, age.toSeconds());
    return new Timeliness(newest, age, lag, score);
  }

  /** Defect counts of one evaluation, filled phase by phase. */
  private static final class Tally {
    int duplicates;
    int nan;
    int range;
    int unit;
    int invalid;
    int unknown;
    int misaligned;
    int expected;
    int present;
    int missing;
    final List<Plausibility.Rejected> rejected = new ArrayList<>();
  }

  /** Rows in [from, to) of known series, with accuracy and alignment counted and reported. */
  private static List<Observation> screen(
      Dataset d, Instant from, Instant to, List<Observation> rows, Findings f, Tally t) {
    Set<String> known = new HashSet<>(d.series());
    List<Observation> accepted = new ArrayList<>(rows.size());
    for (Observation o : rows) {
      if (o.period().isBefore(from) || !o.period().isBefore(to)) {
        continue;
      }
      if (!known.contains(o.seriesId())) {
        t.unknown++;
        f.add(QualityCheck.CONSISTENCY, o, "unknown series (not in the catalog's schema)");
        continue;
      }
      double v = o.value();
      String never = Plausibility.reject(d, o);
      if (never != null) {
        // Never data: counted as invalid and reported, never kept.
        if (Double.isFinite(v)) {
          t.range++;
        } else {
          t.nan++;
        }
        t.invalid++;
        t.rejected.add(new Plausibility.Rejected(o, never));
        f.add(QualityCheck.ACCURACY, o, never);
        continue;
      }
      boolean bad = false;
      if (v < d.minValue() || v > d.maxValue()) {
        t.range++;
        bad = true;
        f.add(QualityCheck.ACCURACY, o, outOfRange(o, d));
      }
      if (o.unit() != null && !d.unit().isEmpty() && !d.unit().equals(o.unit())) {
        t.unit++;
        if (!bad) {
          f.add(QualityCheck.ACCURACY, o, wrongUnit(o, d));
        }
        bad = true;
      }
      if (bad) {
        t.invalid++;
      }
      if (!aligned(d, o.period())) {
        t.misaligned++;
        f.add(QualityCheck.CONSISTENCY, o, misaligned(d));
      }
      accepted.add(o);
    }
    return accepted;
  }

  private static String outOfRange(Observation o, Dataset d) {
    return "value " + o.value() + " outside [" + d.minValue() + ", " + d.maxValue() + "]";
  }

  private static String wrongUnit(Observation o, Dataset d) {
    return "unit '" + o.unit() + "', expected '" + d.unit() + "'";
  }

  private static String misaligned(Dataset d) {
    return "period not aligned to " + d.frequency();
  }

  /**
   * Canonically ordered rows without duplicates (the last of each run of equal keys), and each
   * series' span of them in {@code spans}.
   */
  private static List<Observation> dedupe(
      List<Observation> sorted, Map<String, int[]> spans, Findings f, Tally t) {
    List<Observation> kept = new ArrayList<>(sorted.size());
    for (int i = 0, n = sorted.size(); i < n; ) {
      int j = i + 1;
      while (j < n && sameKey(sorted.get(i), sorted.get(j))) {
        t.duplicates++;
        f.add(QualityCheck.CONSISTENCY, sorted.get(j), "duplicate series and period");
        j++;
      }
      Observation last = sorted.get(j - 1);
      int[] span = spans.get(last.seriesId());
      if (span == null) {
        spans.put(last.seriesId(), new int[] {kept.size(), kept.size() + 1});
      } else {
        span[1] = kept.size() + 1;
      }
      kept.add(last);
      i = j;
    }
    return kept;
  }

  /** Expected and present periods per series: each series' run of rows beside the periods. */
  private static void completeness(
      Dataset d,
      List<Instant> periods,
      List<Observation> kept,
      Map<String, int[]> spans,
      Findings f,
      Tally t) {
    int[] none = new int[2];
    for (String s : d.series()) {
      int gone = 0;
      int due = 0;
      Instant first = null;
      int[] span = spans.getOrDefault(s, none);
      int k = span[0];
      for (Instant p : periods) {
        if (!d.expects(s, p)) {
          // A weekend or holiday of a business-day series: absent by design, not missing.
          continue;
        }
        due++;
        long at = p.getEpochSecond();
        while (k < span[1] && kept.get(k).period().getEpochSecond() < at) {
          k++;
        }
        if (k < span[1] && kept.get(k).period().getEpochSecond() == at) {
          t.present++;
        } else {
          gone++;
          first = first == null ? p : first;
        }
      }
      t.expected += due;
      if (gone > 0) {
        t.missing += gone;
        f.add(
            QualityCheck.COMPLETENESS,
            s,
            first,
            gone + " of " + due + " period(s) missing, first at " + first);
      }
    }
  }

  /** Rows whose value moved more than the tolerance against the version they replace. */
  private int drift(List<Observation> kept, List<Observation> previous, Findings f) {
    int drifted = 0;
    Map<Key, Observation> before = new HashMap<>(previous.size() * 2);
    for (Observation o : previous) {
      before.put(key(o), o);
    }
    for (Observation o : kept) {
      Observation p = before.get(key(o));
      if (p == null || !Double.isFinite(p.value()) || !Double.isFinite(o.value())) {
        continue;
      }
      double change = Math.abs(o.value() - p.value()) / Math.max(Math.abs(p.value()), 1e-9);
      if (change > profile.driftTolerance()) {
        drifted++;
        f.add(
            QualityCheck.CONSISTENCY,
            o,
            String.format(
                "drift %.0f%% against the previous version (%s -> %s), tolerance %.0f%%",
                change * 100, p.value(), o.value(), profile.driftTolerance() * 100));
      }
    }
    return drifted;
  }

  /** Period starts a complete [from, to) holds per series. */
  public static List<Instant> expectedPeriods(Dataset d, Instant from, Instant to) {
    List<Instant> out = new ArrayList<>();
    if (d.frequency().intraday()) {
      Duration step = d.frequency().step();
      for (Instant t = from; t.isBefore(to); t = t.plus(step)) {
        out.add(t);
      }
    } else if (from.isBefore(to)) {
      out.add(from);
    }
    return out;
  }

  private static boolean aligned(Dataset d, Instant period) {
    if (d.frequency().intraday()) {
      return period.getEpochSecond() % d.frequency().step().getSeconds() == 0;
    }
    ZonedDateTime z = period.atZone(d.zone());
    boolean midnight = z.toLocalTime().toSecondOfDay() == 0;
    return d.frequency() == Frequency.MONTHLY ? midnight && z.getDayOfMonth() == 1 : midnight;
  }

  private static boolean sameKey(Observation a, Observation b) {
    return a.period().getEpochSecond() == b.period().getEpochSecond()
        && a.seriesId().equals(b.seriesId());
  }

  /** Series and period of a row: a record, so the hot loop builds no strings. */
  private record Key(String series, long epochSecond) {}

  private static Key key(Observation o) {
    return new Key(o.seriesId(), o.period().getEpochSecond());
  }

  /** Findings kept per check, up to a cap, in the order found. */
  private static final class Findings {
    private final int cap;
    private final Map<QualityCheck, List<Finding>> byCheck = new LinkedHashMap<>();

    Findings(int cap) {
      this.cap = cap;
    }

    void add(QualityCheck c, Observation o, String message) {
      add(c, o.seriesId(), o.period(), message);
    }

    void add(QualityCheck c, String series, Instant period, String message) {
      List<Finding> l = byCheck.computeIfAbsent(c, k -> new ArrayList<>());
      if (l.size() < cap) {
        l.add(new Finding(c, series, period, message));
      }
    }

    List<Finding> enabled(QualityProfile p) {
      List<Finding> out = new ArrayList<>();
      byCheck.forEach(
          (c, l) -> {
            if (p.enabled(c)) {
              out.addAll(l);
            }
          });
      return out;
    }
  }
}
