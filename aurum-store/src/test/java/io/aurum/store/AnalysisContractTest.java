package io.aurum.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.aurum.core.analysis.Coverage;
import io.aurum.core.analysis.GapAnalysis;
import io.aurum.core.analysis.ImpactAssessment;
import io.aurum.core.analysis.OperationReport;
import io.aurum.core.analysis.PatternComparison;
import io.aurum.core.analysis.QualityComparison;
import io.aurum.core.analysis.ValidationResult;
import io.aurum.core.analysis.Validator;
import io.aurum.core.conflict.ConflictDetector;
import io.aurum.core.conflict.ConflictFile;
import io.aurum.core.conflict.ConflictResolver;
import io.aurum.core.conflict.Conflicts;
import io.aurum.core.engine.OperationRunner.Outcome;
import io.aurum.core.engine.OperationStepper;
import io.aurum.core.error.AurumException;
import io.aurum.core.health.Finding;
import io.aurum.core.health.SystemHealth;
import io.aurum.core.model.ConflictStrategy;
import io.aurum.core.model.Head;
import io.aurum.core.model.Operation;
import io.aurum.core.model.OperationSpec;
import io.aurum.core.model.OperationState;
import io.aurum.core.model.OperationType;
import io.aurum.core.model.PartitionKey;
import io.aurum.core.model.PartitionVersion;
import io.aurum.core.model.Priority;
import io.aurum.core.model.SourceId;
import io.aurum.core.model.TaskDraft;
import io.aurum.core.model.VersionState;
import io.aurum.core.ops.OperationIds;
import io.aurum.core.replay.ReplayPlanner;
import io.aurum.core.rollback.RollbackService;
import io.aurum.core.rollback.VersionBackup;
import io.aurum.core.testing.MutableClock;
import io.aurum.store.testing.EngineFixture;
import io.aurum.store.testing.TestDatabase;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The analysis, conflict, rollback, replay-planning and health services of core over a real store
 * holding what real operations wrote, on every database: a backfill of January 1–3 (5 hourly
 * series, 120 rows a day), and where a test needs it a replay of January 3 whose upstream values
 * moved.
 */
abstract class AnalysisContractTest {
  static final String DATASET = "ELEC.DEMAND";
  static final LocalDate JAN1 = LocalDate.of(2024, 1, 1);
  static final LocalDate JAN3 = LocalDate.of(2024, 1, 3);
  static final LocalDate JAN5 = LocalDate.of(2024, 1, 5);
  static final int ROWS_A_DAY = 5 * 24;

  @TempDir Path tmp;
  TestDatabase db;
  EngineFixture f;
  Operation backfill;

  abstract TestDatabase database(Path tmp);

  @BeforeEach
  void setUp() {
    db = database(tmp);
    f = new EngineFixture(db, new MutableClock(Instant.parse("2024-06-01T12:00:00Z")), tmp);
    backfill = f.started(OperationType.BACKFILL, f.spec(JAN1, JAN3, "latest_wins"));
    run(backfill);
  }

  @AfterEach
  void tearDown() {
    f.store.close();
    db.close();
  }

  void run(Operation op) {
    try (OperationStepper s = new OperationStepper(f.deps, op.id(), "tester")) {
      assertThat(s.runToEnd()).isEqualTo(Outcome.SUCCEEDED);
    }
  }

  static PartitionKey day(LocalDate d) {
    return new PartitionKey(SourceId.EIA, DATASET, d);
  }

  /** Replays January 3 against an upstream whose values all rose by {@code offset}. */
  Operation replayJan3(double offset) {
    f.upstream.offset = offset;
    ReplayPlanner planner = new ReplayPlanner(f.store, f.deps.connectors(), f.config, f.clock);
    OperationSpec spec = f.spec(JAN3, JAN3, "latest_wins");
    List<TaskDraft> drafts = planner.whole(spec);
    Operation op =
        planner.create(
            OperationType.REPLAY,
            OperationIds.of(OperationType.REPLAY, JAN3, SourceId.EIA),
            spec,
            drafts,
            Priority.NORMAL,
            "values revised",
            "tester");
    f.store
        .operations()
        .transition(op.id(), OperationState.PLANNED, OperationState.RUNNING, "tester", "started");
    run(op);
    return f.store.operations().find(op.id()).orElseThrow();
  }

  @Test
  void the_replay_planner_plans_every_partition_against_its_current_head() {
    ReplayPlanner planner = new ReplayPlanner(f.store, f.deps.connectors(), f.config, f.clock);
    List<TaskDraft> drafts = planner.whole(f.spec(JAN3, LocalDate.of(2024, 1, 4), "latest_wins"));
    assertThat(drafts)
        .extracting(TaskDraft::partition)
        .containsExactly(day(JAN3), day(JAN3.plusDays(1)));
    assertThat(drafts.get(0).baseVersionId())
        .isEqualTo(f.store.versions().head(day(JAN3)).orElseThrow().versionId());
    assertThat(drafts.get(1).baseVersionId()).isNull();
    assertThat(planner.group(drafts).tasks()).hasSize(2);
    assertThatThrownBy(
            () ->
                planner.create(
                    OperationType.REPLAY,
                    "R",
                    f.spec(JAN3, JAN3, "latest_wins"),
                    List.of(),
                    Priority.NORMAL,
                    "r",
                    "t"))
        .isInstanceOf(AurumException.BadInput.class)
        .hasMessageContaining("nothing to reprocess");
  }

  @Test
  void coverage_counts_covered_partitions_and_records_against_the_expected() {
    Coverage coverage = new Coverage(f.store.versions(), f.config.catalog());
    List<Coverage.Line> lines = coverage.analyze(SourceId.EIA, List.of(DATASET), JAN1, JAN5, false);
    assertThat(lines)
        .singleElement()
        .satisfies(
            l -> {
              assertThat(l.month()).isNull();
              assertThat(l.partitions()).isEqualTo(5);
              assertThat(l.covered()).isEqualTo(3);
              assertThat(l.records()).isEqualTo(3L * ROWS_A_DAY);
              assertThat(l.expectedRecords()).isEqualTo(5L * ROWS_A_DAY);
              assertThat(l.share()).isEqualTo(0.6);
            });
    // Without a range: from the first head to the last, all covered.
    assertThat(coverage.analyze(SourceId.EIA, List.of(DATASET), null, null, true))
        .singleElement()
        .satisfies(
            l -> {
              assertThat(l.month()).isEqualTo(java.time.YearMonth.of(2024, 1));
              assertThat(l.partitions()).isEqualTo(3);
              assertThat(l.share()).isEqualTo(1.0);
            });
  }

  @Test
  void gap_analysis_merges_missing_days_into_ranges_after_the_watermark() {
    GapAnalysis.Result r =
        new GapAnalysis(f.store.versions(), f.config.catalog())
            .analyze(SourceId.EIA, List.of(DATASET), JAN1, JAN5, f.clock.instant());
    assertThat(r.expected()).isEqualTo(5);
    assertThat(r.missing()).isEqualTo(2);
    assertThat(r.incomplete()).isZero();
    GapAnalysis.DatasetGaps g = r.datasets().get(0);
    assertThat(g.watermark()).isEqualTo(JAN3);
    assertThat(g.ranges())
        .containsExactly(
            new GapAnalysis.Range(GapAnalysis.Kind.MISSING, JAN3.plusDays(1), JAN5, 2));
  }

  @Test
  void impact_assessment_names_the_versions_a_replay_would_supersede() {
    ImpactAssessment.Result r =
        new ImpactAssessment(f.store.versions(), f.config)
            .assess(SourceId.EIA, List.of(DATASET), JAN1, JAN5);
    ImpactAssessment.DatasetImpact d = r.datasets().get(0);
    assertThat(d.partitions()).isEqualTo(5);
    assertThat(d.withHead()).isEqualTo(3);
    assertThat(d.versionsByOperation()).containsExactly(Map.entry(backfill.id(), 3));
    assertThat(r.rewrittenRecords()).isEqualTo(3L * ROWS_A_DAY);
    assertThat(r.outboxEvents()).isEqualTo(5);
    assertThat(r.estimatedStorageBytes())
        .isEqualTo(5L * ROWS_A_DAY * f.config.costModel().storageBytesPerRow());
  }

  @Test
  void pattern_comparison_flags_the_series_whose_values_moved() {
    replayJan3(100_000);
    PatternComparison compare = new PatternComparison(f.store.versions(), f.config.catalog());
    PatternComparison.Result moved = compare.compare(SourceId.EIA, List.of(DATASET), JAN1, JAN3);
    assertThat(moved.series()).hasSize(5).allMatch(PatternComparison.SeriesChange::significant);
    assertThat(moved.series().get(0).reference().n()).isEqualTo(24);
    PatternComparison.Result same =
        compare.compare(SourceId.EIA, List.of(DATASET), JAN1, JAN1.plusDays(1));
    assertThat(same.significant()).isZero();
  }

  @Test
  void quality_comparison_counts_the_values_an_operation_changed() {
    Operation replay = replayJan3(1.0);
    QualityComparison.Result r =
        QualityComparison.compare(f.store, replay.id(), "data_quality_score");
    assertThat(r.datasets())
        .singleElement()
        .satisfies(
            d -> {
              assertThat(d.partitions()).isEqualTo(1);
              assertThat(d.replaced()).isEqualTo(1);
              assertThat(d.changedValues()).isEqualTo(ROWS_A_DAY);
              assertThat(d.addedValues()).isZero();
              assertThat(d.delta()).isZero();
            });
    QualityComparison.DatasetQuality first =
        QualityComparison.compare(f.store, backfill.id(), "data_quality_score").datasets().get(0);
    assertThat(first.before()).isNaN();
    assertThat(first.addedValues()).isEqualTo(3L * ROWS_A_DAY);
    assertThatThrownBy(() -> QualityComparison.compare(f.store, replay.id(), "speed"))
        .isInstanceOf(AurumException.BadInput.class);
  }

  @Test
  void the_operation_report_sums_tasks_records_and_quality_per_dataset() {
    OperationReport r = OperationReport.build(f.store, f.config, backfill.id(), f.clock.instant());
    assertThat(r.operation().state()).isEqualTo(OperationState.SUCCEEDED);
    assertThat(r.datasets())
        .singleElement()
        .satisfies(
            d -> {
              assertThat(d.partitions()).isEqualTo(3);
              assertThat(d.succeeded()).isEqualTo(3);
              assertThat(d.failed()).isZero();
              assertThat(d.records()).isEqualTo(3L * ROWS_A_DAY);
            });
    assertThat(r.quality()).hasSize(3).allMatch(q -> q.state() == VersionState.PUBLISHED);
    assertThat(r.errors()).isEmpty();
    assertThatThrownBy(() -> OperationReport.build(f.store, f.config, "NOPE", f.clock.instant()))
        .isInstanceOf(AurumException.NotFound.class);
  }

  @Test
  void the_validator_passes_a_covered_range_and_fails_one_with_gaps() {
    Validator v = new Validator(f.store, f.config);
    ValidationResult covered =
        v.completeness(SourceId.EIA, List.of(DATASET), JAN1, JAN3, 0.99, f.clock.instant());
    assertThat(covered.verdict()).isEqualTo("PASS");
    assertThat(covered.score()).isEqualTo(1.0);
    ValidationResult gaps =
        v.completeness(SourceId.EIA, List.of(DATASET), JAN1, JAN5, 0.99, f.clock.instant());
    assertThat(gaps.verdict()).isEqualTo("FAIL");
    assertThat(gaps.findings()).extracting(ValidationResult.Finding::period).contains(JAN5);
    assertThat(v.operation(backfill.id(), Set.of("state", "tasks", "versions")).passed()).isTrue();
    assertThatThrownBy(() -> v.operation(backfill.id(), Set.of("vibes")))
        .isInstanceOf(AurumException.BadInput.class);
  }

  @Test
  void conflicts_show_the_values_a_replay_changed_and_refuse_a_stale_resolution() {
    Operation replay = replayJan3(1.0);
    ConflictDetector conflicts = new ConflictDetector(f.store);
    Conflicts.Report r =
        conflicts.detect(
            SourceId.EIA, List.of(f.config.catalog().get(SourceId.EIA, DATASET)), JAN3, null);
    Head head = f.store.versions().head(day(JAN3)).orElseThrow();
    assertThat(r.conflicts())
        .singleElement()
        .satisfies(
            c -> {
              assertThat(c.head().id()).isEqualTo(head.versionId());
              assertThat(c.candidate().operationId()).isEqualTo(backfill.id());
              assertThat(c.differences()).hasSize(ROWS_A_DAY);
              assertThat(c.differences().get(0).candidate() + 1.0)
                  .isEqualTo(c.differences().get(0).head());
            });
    assertThat(r.overlaps())
        .singleElement()
        .satisfies(
            o -> assertThat(o.wrote()).containsExactlyInAnyOrder(backfill.id(), replay.id()));
    // Only the hours asked for: two hours of five series.
    assertThat(
            conflicts
                .detect(
                    SourceId.EIA,
                    List.of(f.config.catalog().get(SourceId.EIA, DATASET)),
                    JAN3,
                    "10-11")
                .differences())
        .isEqualTo(10);

    long candidate = r.conflicts().get(0).candidate().id();
    List<ConflictFile.Entry> stale =
        List.of(new ConflictFile.Entry(day(JAN3), candidate, candidate));
    ConflictResolver resolver = new ConflictResolver(f.store);
    assertThatThrownBy(() -> resolver.resolve(stale, ConflictStrategy.LATEST_WINS, "tester"))
        .isInstanceOf(AurumException.IllegalStateChange.class)
        .hasMessageContaining("run aurum conflicts detect again");
    assertThat(f.store.versions().head(day(JAN3)).orElseThrow().versionId())
        .isEqualTo(head.versionId());
  }

  @Test
  void a_rollback_restores_the_previous_heads_and_backs_up_what_it_removed() throws IOException {
    Head before = f.store.versions().head(day(JAN3)).orElseThrow();
    Operation replay = replayJan3(1.0);
    RollbackService rollbacks = new RollbackService(f.store, f.clock, tmp.resolve("backups"));
    assertThat(rollbacks.check(backfill.id())).containsExactly(replay.id());
    assertThatThrownBy(() -> rollbacks.rollback(request(backfill.id(), false)))
        .isInstanceOf(AurumException.IllegalStateChange.class)
        .hasMessageContaining("or add a cascading rollback of operation");

    List<RollbackService.Done> done = rollbacks.rollback(request(replay.id(), false));
    assertThat(done).singleElement().satisfies(d -> assertThat(d.backup()).isPresent());
    assertThat(f.store.versions().head(day(JAN3)).orElseThrow().versionId())
        .isEqualTo(before.versionId());
    assertThat(f.store.operations().find(replay.id()).orElseThrow().state())
        .isEqualTo(OperationState.ROLLED_BACK);
    List<JsonNode> lines = backupLines(done.get(0).backup().orElseThrow());
    assertThat(lines)
        .hasSize(ROWS_A_DAY)
        .allMatch(n -> n.path("operation_id").asText().equals(replay.id()));
    assertThatThrownBy(() -> rollbacks.check(replay.id()))
        .isInstanceOf(AurumException.IllegalStateChange.class)
        .hasMessageContaining("already rolled back");
  }

  @Test
  void a_version_backup_holds_every_row_with_its_version_and_checksum() throws IOException {
    List<PartitionVersion> versions = f.store.versions().versionsOf(backfill.id());
    Path file = VersionBackup.writeVersions(f.store, tmp.resolve("b/all.jsonl.gz"), versions);
    List<JsonNode> lines = backupLines(file);
    assertThat(lines).hasSize(3 * ROWS_A_DAY);
    assertThat(tmp.resolve("b")).isDirectoryNotContaining("glob:**.tmp");
    for (PartitionVersion v : versions) {
      List<JsonNode> mine =
          lines.stream().filter(n -> n.path("version_id").asLong() == v.id()).toList();
      assertThat(mine)
          .hasSize(ROWS_A_DAY)
          .allMatch(n -> n.path("checksum").asText().equals(v.checksum()));
      assertThat(mine.get(0).path("partition").asText()).isEqualTo(v.partition().toString());
    }
  }

  @Test
  void system_health_reports_a_runner_that_stopped_heartbeating_and_its_expired_lease() {
    SystemHealth health = new SystemHealth(f.config);
    SystemHealth.Machine machine =
        new SystemHealth.Machine(50L << 30, 100L << 30, 4L << 30, 8L << 30);
    Operation op = f.started(OperationType.BACKFILL, f.spec(JAN5, JAN5, "latest_wins"));
    OperationStepper stalled = new OperationStepper(f.deps, op.id(), "tester");
    stalled.claim();
    assertThat(
            check(
                    health.check(
                        f.store, "test db", null, machine, tmp.resolve("logs"), f.clock.instant()),
                    "leases")
                .status())
        .isEqualTo(Finding.Severity.INFO);

    f.clock.advance(Duration.ofMinutes(1));
    SystemHealth.Report r =
        health.check(f.store, "test db", null, machine, tmp.resolve("logs"), f.clock.instant());
    SystemHealth.Check leases = check(r, "leases");
    assertThat(leases.status()).isEqualTo(Finding.Severity.WARNING);
    assertThat(leases.details())
        .hasSize(2)
        .anyMatch(d -> d.contains("lease expired"))
        .anyMatch(d -> d.contains("no runner heartbeat"));
    assertThat(check(r, "database").status()).isEqualTo(Finding.Severity.INFO);
    assertThat(
            check(
                    health.check(
                        null, "nowhere", "connection refused", machine, tmp, f.clock.instant()),
                    "database")
                .status())
        .isEqualTo(Finding.Severity.ERROR);
    stalled.close();
  }

  static SystemHealth.Check check(SystemHealth.Report r, String name) {
    return r.checks().stream().filter(c -> c.name().equals(name)).findFirst().orElseThrow();
  }

  static RollbackService.Request request(String id, boolean cascade) {
    return new RollbackService.Request(
        id, RollbackService.Type.CONTROLLED, cascade, false, false, true, "test", "tester");
  }

  static List<JsonNode> backupLines(Path file) throws IOException {
    ObjectMapper json = new ObjectMapper();
    try (BufferedReader r =
        new BufferedReader(
            new InputStreamReader(
                new GZIPInputStream(Files.newInputStream(file)), StandardCharsets.UTF_8))) {
      return r.lines()
          .map(
              l -> {
                try {
                  return json.readTree(l);
                } catch (IOException e) {
                  throw new java.io.UncheckedIOException(e);
                }
              })
          .toList();
    }
  }
}
