package io.aurum.core.integrity;

import io.aurum.core.model.AttributeDigest;
import io.aurum.core.model.Checksums;
import io.aurum.core.model.Dataset;
import io.aurum.core.model.Head;
import io.aurum.core.model.Observation;
import io.aurum.core.model.PartitionVersion;
import io.aurum.core.quality.Plausibility;
import java.time.LocalDate;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The checks of one head partition over its rows: checksum (stored vs recomputed), schema (version,
 * units, series), completeness (stored vs recorded count, rows against the calendar) and accuracy
 * (plausibility, then outliers and spikes per series). Not thread-safe; one per scan.
 */
final class PartitionChecks {
  private final Dataset d;
  private final Set<Category> categories;
  private final Set<String> series;
  private final SeriesStats stats = new SeriesStats();

  PartitionChecks(Dataset d, Set<Category> categories) {
    this.d = d;
    this.categories = categories;
    this.series = Set.copyOf(d.series());
  }

  void check(
      Head h,
      PartitionVersion v,
      List<Observation> rows,
      boolean checksum,
      Long lastGood,
      List<Finding> out) {
    LocalDate p = h.partition().period();
    Sink sink = (kind, evidence) -> out.add(finding(kind, p, evidence, v.id(), lastGood));
    if (checksum) {
      checksum(v, rows, sink);
    }
    if (categories.contains(Category.SCHEMA)) {
      schema(v, rows, sink);
    }
    if (categories.contains(Category.COMPLETENESS)) {
      completeness(h, v, rows, sink);
    }
    if (categories.contains(Category.ACCURACY)) {
      accuracy(rows, sink);
    }
  }

  Finding finding(Kind kind, LocalDate p, String evidence, Long versionId, Long lastGood) {
    return Finding.of(kind, d.source(), d.name(), List.of(p), evidence, versionId, lastGood);
  }

  private interface Sink {
    void add(Kind kind, String evidence);
  }

  private static void checksum(PartitionVersion v, List<Observation> rows, Sink sink) {
    String recorded = v.checksum();
    if (recorded == null || !AttributeDigest.wellFormed(recorded)) {
      sink.add(
          Kind.MALFORMED_CHECKSUM,
          "version " + v.id() + " records checksum '" + recorded + "', not 64 hex digits");
      return;
    }
    String sum = Checksums.of(rows);
    if (!sum.equals(recorded)) {
      sink.add(
          Kind.CHECKSUM_MISMATCH,
          "version " + v.id() + " rows hash to " + sum + ", recorded " + recorded);
    }
  }

  private void schema(PartitionVersion v, List<Observation> rows, Sink sink) {
    if (!d.schemaVersion().equals(v.schemaVersion())) {
      sink.add(
          Kind.SCHEMA_VERSION_MISMATCH,
          "version "
              + v.id()
              + " has schema "
              + v.schemaVersion()
              + ", dataset has "
              + d.schemaVersion());
    }
    long wrongUnit = 0;
    long unknown = 0;
    Observation firstUnit = null;
    for (Observation o : rows) {
      if (d.unit() != null && !Objects.equals(d.unit(), o.unit())) {
        wrongUnit++;
        firstUnit = firstUnit == null ? o : firstUnit;
      }
      if (!series.contains(o.seriesId())) {
        unknown++;
      }
    }
    if (wrongUnit > 0) {
      sink.add(
          Kind.UNIT_MISMATCH,
          wrongUnit
              + " row(s) in unit '"
              + firstUnit.unit()
              + "' (first "
              + firstUnit.seriesId()
              + " at "
              + firstUnit.period()
              + "), dataset unit is '"
              + d.unit()
              + "'");
    }
    if (unknown > 0) {
      sink.add(Kind.UNKNOWN_SERIES, unknown + " row(s) of series not in the catalog");
    }
  }

  private void completeness(Head h, PartitionVersion v, List<Observation> rows, Sink sink) {
    if (rows.size() != v.recordCount() || h.recordCount() != v.recordCount()) {
      sink.add(
          Kind.ROW_COUNT_MISMATCH,
          "version "
              + v.id()
              + " holds "
              + rows.size()
              + " rows, recorded "
              + v.recordCount()
              + " (head says "
              + h.recordCount()
              + ")");
    }
    int expected = d.expectedRows(h.partition());
    long present = rows.stream().filter(o -> d.expects(o.seriesId(), o.period())).count();
    if (present < expected) {
      sink.add(
          Kind.PARTIAL_DAY,
          present
              + " of "
              + expected
              + " expected rows ("
              + h.partition().periodsIn(d)
              + " periods x "
              + d.series().size()
              + " series)"
              + SeriesStats.shortSeries(d, h, rows));
    }
  }

  private void accuracy(List<Observation> rows, Sink sink) {
    long nonFinite = 0;
    long outOfBounds = 0;
    String first = null;
    String firstBound = null;
    for (Observation o : rows) {
      String why = Plausibility.reject(d, o);
      if (why == null) {
        continue;
      }
      if (Double.isFinite(o.value())) {
        outOfBounds++;
        firstBound =
            firstBound == null ? o.seriesId() + " at " + o.period() + ": " + why : firstBound;
      } else {
        nonFinite++;
        first = first == null ? o.seriesId() + " at " + o.period() + ": " + why : first;
      }
    }
    if (nonFinite > 0) {
      sink.add(Kind.NON_FINITE_VALUE, nonFinite + " non-finite value(s), first " + first);
    }
    if (outOfBounds > 0) {
      sink.add(Kind.OUT_OF_BOUNDS, outOfBounds + " value(s) out of bounds, first " + firstBound);
    }
    stats.scan(rows, sink::add);
  }
}
