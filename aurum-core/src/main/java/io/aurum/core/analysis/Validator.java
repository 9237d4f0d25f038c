package io.aurum.core.analysis;

import io.aurum.core.analysis.ValidationResult.Finding;
import io.aurum.core.analysis.ValidationResult.PartitionScore;
import io.aurum.core.config.AurumConfig;
import io.aurum.core.error.AurumException;
import io.aurum.core.error.NextStep;
import io.aurum.core.error.Vocabulary;
import io.aurum.core.model.Dataset;
import io.aurum.core.model.Head;
import io.aurum.core.model.Observation;
import io.aurum.core.model.Operation;
import io.aurum.core.model.OperationState;
import io.aurum.core.model.PartitionKey;
import io.aurum.core.model.PartitionVersion;
import io.aurum.core.model.SourceId;
import io.aurum.core.model.Task;
import io.aurum.core.model.TaskState;
import io.aurum.core.model.VersionState;
import io.aurum.core.plan.Planner;
import io.aurum.core.port.Store;
import io.aurum.core.quality.QualityCheck;
import io.aurum.core.quality.QualityEngine;
import io.aurum.core.quality.QualityGate;
import io.aurum.core.quality.QualityProfile;
import io.aurum.core.quality.QualityReport;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Post-operation validation over the store (runbook §1.6, §2.7): completeness of heads, quality of
 * head versions, integrity of versions and heads, and the completion of one operation. Reads only.
 * Thread-safe.
 */
public final class Validator {
  /** Integrity checks; checksums are always recomputed. */
  public static final Set<String> INTEGRITY_CHECKS =
      Set.of("schema", "completeness", "relationships", "checksums");

  /** Operation checks of {@code --validation-checks}. */
  public static final List<String> OPERATION_CHECKS =
      List.of("state", "tasks", "versions", "quality", "records", "staged");

  private final Store store;
  private final AurumConfig config;
  private final Vocabulary words;

  public Validator(Store store, AurumConfig config) {
    this(store, config, Vocabulary.CONCEPTS);
  }

  /** Findings name their next steps in {@code words}: the commands of the command line, say. */
  public Validator(Store store, AurumConfig config, Vocabulary words) {
    this.store = store;
    this.config = config;
    this.words = words;
  }

  /** Every due partition has a complete head; score = rows present ÷ rows expected. */
  public ValidationResult completeness(
      SourceId source,
      List<String> datasets,
      LocalDate start,
      LocalDate end,
      double threshold,
      Instant now) {
    DateRanges.check(start, end);
    List<Finding> findings = new ArrayList<>();
    long expectedRows = 0;
    long presentRows = 0;
    int checked = 0;
    for (Dataset d : config.catalog().select(source, datasets)) {
      Map<LocalDate, Head> heads = headsOf(d, start, end);
      for (LocalDate p : Planner.periods(d, start, end)) {
        if (now != null && !GapAnalysis.due(d, p, now)) {
          continue;
        }
        PartitionKey key = new PartitionKey(source, d.name(), p);
        int expected = d.expectedRows(key);
        if (expected == 0) {
          // No series' calendar opens that day: nothing is due.
          continue;
        }
        checked++;
        expectedRows += expected;
        Head h = heads.get(p);
        if (h == null) {
          findings.add(new Finding(d.name(), p, "missing", "no published version"));
          continue;
        }
        presentRows += Math.min(expected, h.recordCount());
        if (!h.complete() || h.recordCount() < expected) {
          findings.add(
              new Finding(
                  d.name(),
                  p,
                  "incomplete",
                  h.recordCount() + " of " + expected + " rows (version " + h.versionId() + ")"));
        }
      }
    }
    double score = expectedRows == 0 ? 1.0 : (double) presentRows / expectedRows;
    return new ValidationResult(
        "completeness",
        checked,
        findings,
        List.of(),
        score,
        threshold,
        score >= threshold,
        Map.of("expected_rows", "" + expectedRows, "present_rows", "" + presentRows));
  }

  /**
   * Re-runs the quality engine on every head version in the range under {@code profile}; fails when
   * any partition scores below the profile's threshold or a dataset is late (timeliness).
   */
  public ValidationResult quality(
      SourceId source,
      List<String> datasets,
      LocalDate start,
      LocalDate end,
      QualityProfile profile,
      Instant now) {
    DateRanges.check(start, end);
    QualityEngine engine = new QualityEngine(profile);
    List<Finding> findings = new ArrayList<>();
    List<PartitionScore> scores = new ArrayList<>();
    boolean passed = true;
    double sum = 0;
    for (Dataset d : config.catalog().select(source, datasets)) {
      Instant newest = null;
      for (Head h : headsOf(d, start, end).values()) {
        PartitionKey key = h.partition();
        List<Observation> rows = store.versions().observations(h.versionId());
        List<Observation> previous = null;
        if (profile.driftTolerance() != null) {
          previous = previousRows(key, h.versionId());
        }
        QualityReport r = engine.evaluate(d, key.start(d), key.end(d), rows, previous);
        for (QualityReport.Finding f : r.findings()) {
          findings.add(
              new Finding(
                  d.name(),
                  key.period(),
                  f.check().cliName(),
                  (f.seriesId() == null ? "" : f.seriesId() + " ")
                      + (f.period() == null ? "" : "@" + f.period() + " ")
                      + f.message()));
        }
        Map<String, Double> checks = new LinkedHashMap<>();
        r.scores().forEach((c, s) -> checks.put(c.cliName(), s));
        scores.add(new PartitionScore(d.name(), key.period(), h.versionId(), r.score(), checks));
        sum += r.score();
        passed &= r.passes(profile.threshold());
        for (Observation o : r.rows()) {
          newest = newest == null || o.period().isAfter(newest) ? o.period() : newest;
        }
      }
      if (profile.enabled(QualityCheck.TIMELINESS) && now != null) {
        QualityEngine.Timeliness t = QualityEngine.timeliness(d, newest, now);
        if (t.late()) {
          passed = false;
          findings.add(
              new Finding(
                  d.name(),
                  null,
                  "timeliness",
                  newest == null
                      ? "no data in the range"
                      : "newest data "
                          + newest
                          + " is "
                          + t.age().toHours()
                          + "h old, lag "
                          + t.lag().toHours()
                          + "h"));
        }
      }
    }
    scores.sort(
        (a, b) ->
            a.dataset().equals(b.dataset())
                ? a.period().compareTo(b.period())
                : a.dataset().compareTo(b.dataset()));
    return new ValidationResult(
        "quality",
        scores.size(),
        findings,
        scores,
        scores.isEmpty() ? 1.0 : sum / scores.size(),
        profile.threshold(),
        passed,
        Map.of(
            "profile",
            profile.name(),
            "checks",
            String.join(
                ",", profile.checks().stream().map(QualityCheck::cliName).sorted().toList())));
  }

  private List<Observation> previousRows(PartitionKey key, long headVersionId) {
    PartitionVersion prev = null;
    for (PartitionVersion v : store.versions().versions(key)) {
      if (v.id() == headVersionId) {
        break;
      }
      if (v.state() == VersionState.SUPERSEDED || v.state() == VersionState.PUBLISHED) {
        prev = v;
      }
    }
    return prev == null ? null : store.versions().observations(prev.id());
  }

  /** {@link IntegrityValidator#integrity}. */
  public ValidationResult integrity(
      SourceId source, List<String> datasets, LocalDate start, LocalDate end, Set<String> checks) {
    return new IntegrityValidator(store, config).integrity(source, datasets, start, end, checks);
  }

  /** Whether an operation completed cleanly (runbook §2.7.1 validate_replay_completion). */
  public ValidationResult operation(String id, Set<String> checks) {
    for (String c : checks) {
      if (!OPERATION_CHECKS.contains(c)) {
        throw new AurumException.BadInput(
            "unknown validation check '"
                + c
                + "': use all or "
                + String.join(", ", OPERATION_CHECKS));
      }
    }
    Operation op =
        store.operations().find(id).orElseThrow(() -> AurumException.NotFound.noOperation(id));
    List<Finding> findings = new ArrayList<>();
    List<Task> tasks = store.tasks().list(id, Set.of());
    if (checks.contains("state") && op.state() != OperationState.SUCCEEDED) {
      findings.add(
          new Finding(null, null, "state", "operation is " + op.state() + ", not SUCCEEDED"));
    }
    Set<TaskState> unfinished =
        EnumSet.of(TaskState.PENDING, TaskState.RUNNING, TaskState.FAILED, TaskState.CANCELLED);
    if (checks.contains("tasks")) {
      for (Task t : tasks) {
        if (unfinished.contains(t.state())) {
          findings.add(
              new Finding(
                  t.partition().dataset(),
                  t.partition().period(),
                  "tasks",
                  "task "
                      + t.id()
                      + " is "
                      + t.state()
                      + (t.lastError() == null ? "" : ": " + t.lastError())));
        }
      }
    }
    Map<Long, PartitionVersion> versions = new HashMap<>();
    for (PartitionVersion v : store.versions().versionsOf(id)) {
      versions.put(v.id(), v);
    }
    QualityGate gate = QualityGate.forOperation(config, op);
    long taskRecords = 0;
    long versionRecords = 0;
    for (Task t : tasks) {
      if (t.state() != TaskState.SUCCEEDED) {
        continue;
      }
      taskRecords += t.counters().records();
      PartitionVersion v = t.versionId() == null ? null : versions.get(t.versionId());
      LocalDate p = t.partition().period();
      String ds = t.partition().dataset();
      if (v == null) {
        if (checks.contains("versions")) {
          findings.add(new Finding(ds, p, "versions", "task " + t.id() + " has no version"));
        }
        continue;
      }
      versionRecords += v.recordCount();
      if (checks.contains("versions")) {
        if (v.state() == VersionState.PUBLISHED) {
          Head h = store.versions().head(v.partition()).orElse(null);
          if (h == null || h.versionId() != v.id()) {
            findings.add(
                new Finding(
                    ds, p, "versions", "version " + v.id() + " is PUBLISHED but not the head"));
          }
        } else if (v.state() != VersionState.SUPERSEDED) {
          findings.add(new Finding(ds, p, "versions", "version " + v.id() + " is " + v.state()));
        }
      }
      if (checks.contains("quality") && v.qualityScore() < gate.threshold()) {
        findings.add(
            new Finding(
                ds,
                p,
                "quality",
                String.format(
                    Locale.ROOT,
                    "version %d scored %.3f, below %.3f",
                    v.id(),
                    v.qualityScore(),
                    gate.threshold())));
      }
    }
    if (checks.contains("records") && taskRecords != versionRecords) {
      findings.add(
          new Finding(
              null,
              null,
              "records",
              "tasks counted " + taskRecords + " records, their versions hold " + versionRecords));
    }
    int staged = store.versions().countStaged(id);
    if (checks.contains("staged") && staged > 0) {
      findings.add(
          new Finding(
              null,
              null,
              "staged",
              staged + " staged version(s) left: " + words.step(NextStep.cleanUp(id))));
    }
    return new ValidationResult(
        "operation",
        tasks.size(),
        findings,
        List.of(),
        findings.isEmpty() ? 1.0 : 0.0,
        1.0,
        findings.isEmpty(),
        Map.of(
            "operation_id",
            id,
            "state",
            op.state().name().toLowerCase(java.util.Locale.ROOT),
            "type",
            op.type().name().toLowerCase(java.util.Locale.ROOT)));
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
