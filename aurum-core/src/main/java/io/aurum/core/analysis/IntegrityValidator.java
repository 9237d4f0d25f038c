package io.aurum.core.analysis;

import io.aurum.core.analysis.ValidationResult.Finding;
import io.aurum.core.config.AurumConfig;
import io.aurum.core.error.AurumException;
import io.aurum.core.model.AttributeDigest;
import io.aurum.core.model.Checksums;
import io.aurum.core.model.Dataset;
import io.aurum.core.model.Head;
import io.aurum.core.model.Observation;
import io.aurum.core.model.Operation;
import io.aurum.core.model.OperationState;
import io.aurum.core.model.PartitionVersion;
import io.aurum.core.model.SourceId;
import io.aurum.core.model.Task;
import io.aurum.core.model.TaskState;
import io.aurum.core.model.VersionState;
import io.aurum.core.plan.Planner;
import io.aurum.core.port.Store;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * {@code aurum validate integrity}: whether what the store holds is what was written (checksums,
 * attribute digests, finite values, schema, counts, head relationships) and whether the scope is
 * settled (no unfinished operation on it). Reads only. Thread-safe.
 */
final class IntegrityValidator {
  private final Store store;
  private final AurumConfig config;

  IntegrityValidator(Store store, AurumConfig config) {
    this.store = store;
    this.config = config;
  }

  /**
   * Recomputes every head version's checksum and attributes digest, fails on a malformed one and on
   * any non-finite value, and, per {@code checks}: schema (version schema and series against the
   * catalog), completeness (stored rows against the recorded count and the coverage flag) and
   * relationships (each head points at a PUBLISHED version of its own partition, and every
   * PUBLISHED version is a head). INCOMPLETE (not passed) when an unfinished operation still has
   * work on partitions of the scope.
   */
  public ValidationResult integrity(
      SourceId source, List<String> datasets, LocalDate start, LocalDate end, Set<String> checks) {
    DateRanges.check(start, end);
    for (String c : checks) {
      if (!Validator.INTEGRITY_CHECKS.contains(c)) {
        throw new AurumException.BadInput(
            "unknown integrity check '" + c + "': use schema, completeness, relationships");
      }
    }
    List<Finding> findings = new ArrayList<>();
    int checked = 0;
    int uncovered = 0;
    Map<String, LocalDate[]> scope = new HashMap<>();
    for (Dataset d : config.catalog().select(source, datasets)) {
      List<LocalDate> periods = Planner.periods(d, start, end);
      if (periods.isEmpty()) {
        continue;
      }
      LocalDate first = periods.get(0);
      LocalDate last = periods.get(periods.size() - 1);
      scope.put(d.name(), new LocalDate[] {first, last});
      Map<Long, PartitionVersion> byId = new HashMap<>();
      for (PartitionVersion v : store.versions().versionsIn(source, d.name(), first, last)) {
        byId.put(v.id(), v);
      }
      Set<Long> headIds = new HashSet<>();
      Set<String> knownSeries = new HashSet<>(d.series());
      for (Head h : headsOf(d, start, end).values()) {
        checked++;
        LocalDate p = h.partition().period();
        headIds.add(h.versionId());
        PartitionVersion v = byId.get(h.versionId());
        if (v == null) {
          v = store.versions().version(h.versionId()).orElse(null);
        }
        if (v == null) {
          findings.add(
              new Finding(
                  d.name(), p, "relationships", "head points at missing version " + h.versionId()));
          continue;
        }
        if (checks.contains("relationships")) {
          if (!v.partition().equals(h.partition())) {
            findings.add(
                new Finding(
                    d.name(),
                    p,
                    "relationships",
                    "head points at version " + v.id() + " of another partition " + v.partition()));
          }
          if (v.state() != VersionState.PUBLISHED) {
            findings.add(
                new Finding(
                    d.name(),
                    p,
                    "relationships",
                    "head points at version " + v.id() + " in state " + v.state()));
          }
        }
        List<Observation> rows = store.versions().observations(v.id());
        checkChecksum(d, p, v, rows, findings);
        if (checkAttributes(d, p, v, rows, findings)) {
          uncovered++;
        }
        checkFinite(d, p, v, rows, findings);
        if (checks.contains("schema")) {
          if (!d.schemaVersion().equals(v.schemaVersion())) {
            findings.add(
                new Finding(
                    d.name(),
                    p,
                    "schema",
                    "version "
                        + v.id()
                        + " has schema "
                        + v.schemaVersion()
                        + ", catalog says "
                        + d.schemaVersion()));
          }
          long unknown = rows.stream().filter(o -> !knownSeries.contains(o.seriesId())).count();
          if (unknown > 0) {
            findings.add(
                new Finding(
                    d.name(), p, "schema", unknown + " row(s) of series not in the catalog"));
          }
        }
        if (checks.contains("completeness")) {
          if (rows.size() != v.recordCount() || h.recordCount() != v.recordCount()) {
            findings.add(
                new Finding(
                    d.name(),
                    p,
                    "completeness",
                    "version "
                        + v.id()
                        + " holds "
                        + rows.size()
                        + " rows, recorded "
                        + v.recordCount()
                        + " (head says "
                        + h.recordCount()
                        + ")"));
          }
          if (h.complete() && rows.size() < d.expectedRows(h.partition())) {
            findings.add(
                new Finding(
                    d.name(),
                    p,
                    "completeness",
                    "marked complete with "
                        + rows.size()
                        + " of "
                        + d.expectedRows(h.partition())
                        + " rows"));
          }
        }
      }
      // Heads were read row by row above; the other versions are checked in the store.
      store
          .versions()
          .nonFiniteValues(source, d.name(), first, last)
          .forEach(
              (id, count) -> {
                PartitionVersion v = byId.get(id);
                if (v != null && !headIds.contains(id)) {
                  findings.add(
                      new Finding(
                          d.name(),
                          v.partition().period(),
                          "values",
                          "version "
                              + id
                              + " ("
                              + v.state()
                              + ", not the head) holds "
                              + count
                              + " non-finite value(s)"));
                }
              });
      if (checks.contains("relationships")) {
        for (PartitionVersion v : byId.values()) {
          if (v.state() == VersionState.PUBLISHED && !headIds.contains(v.id())) {
            findings.add(
                new Finding(
                    d.name(),
                    v.partition().period(),
                    "relationships",
                    "version " + v.id() + " is PUBLISHED but no head points at it"));
          }
        }
      }
    }
    findings.sort(
        (a, b) ->
            a.dataset().equals(b.dataset())
                ? String.valueOf(a.period()).compareTo(String.valueOf(b.period()))
                : a.dataset().compareTo(b.dataset()));
    Map<String, String> notes = new LinkedHashMap<>();
    notes.put("checks", String.join(",", new TreeSet<>(checks)));
    if (uncovered > 0) {
      notes.put(
          "attributes",
          uncovered
              + " version(s) written before attribute digests: their attributes (provenance) are"
              + " not covered");
    }
    String unfinished = unfinishedIn(source, scope);
    if (unfinished != null) {
      notes.put("incomplete", unfinished);
    }
    return new ValidationResult(
        "integrity",
        checked,
        findings,
        List.of(),
        checked == 0 ? 1.0 : 1.0 - (double) countPartitions(findings) / checked,
        1.0,
        findings.isEmpty() && unfinished == null,
        notes,
        unfinished != null);
  }

  /** The recorded checksum is well formed and matches the stored rows. */
  private static void checkChecksum(
      Dataset d, LocalDate p, PartitionVersion v, List<Observation> rows, List<Finding> findings) {
    String recorded = v.checksum();
    if (recorded != null && !hex64(recorded)) {
      findings.add(
          new Finding(
              d.name(),
              p,
              "checksums",
              "version "
                  + v.id()
                  + " has a malformed checksum '"
                  + abbreviate(recorded)
                  + "' ("
                  + recorded.length()
                  + " characters, expected 64 hex digits)"));
      return;
    }
    String sum = Checksums.of(rows);
    if (!sum.equals(recorded)) {
      findings.add(
          new Finding(
              d.name(),
              p,
              "checksums",
              "version "
                  + v.id()
                  + " rows hash to "
                  + sum.substring(0, 12)
                  + "…, recorded "
                  + (recorded == null ? "none" : recorded.substring(0, 12) + "…")));
    }
  }

  /**
   * The rows' attributes (provenance) still match the digest recorded when they were written.
   * Returns true when the version has no digest (written before digests were recorded).
   */
  private static boolean checkAttributes(
      Dataset d, LocalDate p, PartitionVersion v, List<Observation> rows, List<Finding> findings) {
    String recorded = v.attributesDigest();
    if (recorded == null) {
      return true;
    }
    if (!AttributeDigest.wellFormed(recorded)) {
      findings.add(
          new Finding(
              d.name(),
              p,
              "provenance",
              "version "
                  + v.id()
                  + " has a malformed attributes digest '"
                  + abbreviate(recorded)
                  + "' (expected 64 hex digits)"));
      return false;
    }
    String sum = AttributeDigest.of(rows);
    if (!sum.equals(recorded)) {
      findings.add(
          new Finding(
              d.name(),
              p,
              "provenance",
              "version "
                  + v.id()
                  + " row attributes (provenance) were changed after it was written: they hash to "
                  + sum.substring(0, 12)
                  + "…, recorded "
                  + recorded.substring(0, 12)
                  + "…"));
    }
    return false;
  }

  /** No stored value is NaN or infinite: such a value is never data. */
  private static void checkFinite(
      Dataset d, LocalDate p, PartitionVersion v, List<Observation> rows, List<Finding> findings) {
    long bad = 0;
    Observation first = null;
    for (Observation o : rows) {
      if (!Double.isFinite(o.value())) {
        bad++;
        first = first == null ? o : first;
      }
    }
    if (bad > 0) {
      findings.add(
          new Finding(
              d.name(),
              p,
              "values",
              "version "
                  + v.id()
                  + " holds "
                  + bad
                  + " non-finite value(s), first "
                  + first.value()
                  + " of "
                  + first.seriesId()
                  + " at "
                  + first.period()));
    }
  }

  private static boolean hex64(String s) {
    return AttributeDigest.wellFormed(s);
  }

  private static String abbreviate(String s) {
    return s.length() <= 16 ? s : s.substring(0, 16) + "…";
  }

  /**
   * Operations not yet finished (planned, running or paused) with unfinished tasks on partitions of
   * the scope, described for the verdict's note; null when there are none.
   */
  private String unfinishedIn(SourceId source, Map<String, LocalDate[]> scope) {
    List<String> out = new ArrayList<>();
    Set<OperationState> open =
        EnumSet.of(OperationState.PLANNED, OperationState.RUNNING, OperationState.PAUSED);
    for (Operation op : store.operations().list(open)) {
      if (source != null && op.source() != source) {
        continue;
      }
      long inScope = 0;
      for (Task t : store.tasks().list(op.id(), EnumSet.of(TaskState.PENDING, TaskState.RUNNING))) {
        LocalDate[] range = scope.get(t.partition().dataset());
        LocalDate period = t.partition().period();
        if ((source == null || t.partition().source() == source)
            && range != null
            && !period.isBefore(range[0])
            && !period.isAfter(range[1])) {
          inScope++;
        }
      }
      if (inScope > 0) {
        out.add(
            "operation "
                + op.id()
                + " is "
                + op.state()
                + " with "
                + inScope
                + " unfinished partition(s) in the scope");
      }
    }
    if (out.isEmpty()) {
      return null;
    }
    return String.join("; ", out)
        + ": let it finish (aurum resume) or cancel it, then validate again";
  }

  private static long countPartitions(List<Finding> findings) {
    return findings.stream().map(f -> f.dataset() + "/" + f.period()).distinct().count();
  }

  private Map<LocalDate, Head> headsOf(Dataset d, LocalDate start, LocalDate end) {
    List<LocalDate> periods = Planner.periods(d, start, end);
    Map<LocalDate, Head> out = new LinkedHashMap<>();
    if (periods.isEmpty()) {
      return out;
    }
    for (Head h :
        store
            .versions()
            .heads(d.source(), d.name(), periods.get(0), periods.get(periods.size() - 1))) {
      out.put(h.partition().period(), h);
    }
    return out;
  }
}
