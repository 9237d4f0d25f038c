package io.aurum.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.aurum.core.engine.OperationRunner.Outcome;
import io.aurum.core.engine.OperationStepper;
import io.aurum.core.integrity.Category;
import io.aurum.core.integrity.Finding;
import io.aurum.core.integrity.IntegrityScanner;
import io.aurum.core.integrity.Kind;
import io.aurum.core.integrity.OperationalScan;
import io.aurum.core.integrity.ScanDepth;
import io.aurum.core.model.Checksums;
import io.aurum.core.model.Head;
import io.aurum.core.model.Operation;
import io.aurum.core.model.OperationType;
import io.aurum.core.model.PartitionKey;
import io.aurum.core.model.SourceId;
import io.aurum.core.port.IntegrityReader;
import io.aurum.core.testing.MutableClock;
import io.aurum.core.usecase.CorruptionDetectRequest;
import io.aurum.core.usecase.DamageAssessRequest;
import io.aurum.core.usecase.IntegrityScans;
import io.aurum.core.usecase.ScanReport;
import io.aurum.store.testing.EngineFixture;
import io.aurum.store.testing.TestDatabase;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The integrity scanner over a real store holding what a real backfill wrote (January 1–20 of
 * ELEC.DEMAND, 5 hourly series): nothing on the clean copy, then every planted corruption found by
 * kind and partition, on every database.
 */
abstract class ScanContractTest {
  static final String DATASET = "ELEC.DEMAND";
  static final LocalDate JAN1 = LocalDate.of(2024, 1, 1);

  @TempDir Path tmp;
  TestDatabase db;
  EngineFixture f;
  IntegrityScans scans;

  abstract TestDatabase database(Path tmp);

  @BeforeEach
  void setUp() {
    db = database(tmp);
    f = new EngineFixture(db, new MutableClock(Instant.parse("2024-06-01T12:00:00Z")), tmp);
    Operation op = f.started(OperationType.BACKFILL, f.spec(JAN1, jan(20), "latest_wins"));
    try (OperationStepper s = new OperationStepper(f.deps, op.id(), "tester")) {
      assertThat(s.runToEnd()).isEqualTo(Outcome.SUCCEEDED);
    }
    scans = new IntegrityScans(f.store, f.config, f.clock);
  }

  @AfterEach
  void tearDown() {
    f.store.close();
    db.close();
  }

  static LocalDate jan(int d) {
    return LocalDate.of(2024, 1, d);
  }

  ScanReport detect(ScanDepth depth) {
    return scans.detect(
        new CorruptionDetectRequest(SourceId.EIA, Category.CORRUPTION_TYPES, depth));
  }

  @Test
  void the_reader_gives_the_current_quota_windows_and_the_open_breakers_the_ledger_wrote() {
    Instant now = f.clock.instant();
    var hour = new io.aurum.core.port.QuotaLedger.Window(java.time.Duration.ofHours(1), 10);
    var day = new io.aurum.core.port.QuotaLedger.Window(java.time.Duration.ofDays(1), 100);
    for (int i = 0; i < 9; i++) {
      f.store.quotaLedger().take(SourceId.EIA, "k1", List.of(hour, day), now);
    }
    f.store.quotaLedger().take(SourceId.FRED, "k1", List.of(hour), now);
    assertThat(f.store.integrity().quotaWindows(SourceId.EIA, now))
        .containsExactly(
            new IntegrityReader.QuotaWindowUse("k1", java.time.Duration.ofHours(1), now, 9),
            new IntegrityReader.QuotaWindowUse(
                "k1", java.time.Duration.ofDays(1), Instant.parse("2024-06-01T00:00:00Z"), 9));
    // An hour on, the hourly window has reset (the ledger resets it at the next take).
    assertThat(f.store.integrity().quotaWindows(SourceId.EIA, now.plusSeconds(3600)))
        .extracting(IntegrityReader.QuotaWindowUse::period)
        .containsExactly(java.time.Duration.ofDays(1));

    f.store.quotaLedger().openBreaker(SourceId.EIA, "k1", now.plusSeconds(60), "a 429 storm");
    assertThat(f.store.integrity().openBreakers(SourceId.EIA, now))
        .containsExactly(new IntegrityReader.OpenBreaker("k1", now.plusSeconds(60), "a 429 storm"));
    assertThat(f.store.integrity().openBreakers(SourceId.EIA, now.plusSeconds(61))).isEmpty();
    ScanReport damage = scans.assess(new DamageAssessRequest(SourceId.EIA, true));
    assertThat(damage.findings()).extracting(Finding::kind).containsExactly(Kind.BREAKER_OPEN);
  }

  @Test
  void a_clean_copy_has_no_findings_at_any_depth() {
    for (ScanDepth d : ScanDepth.values()) {
      ScanReport r = detect(d);
      assertThat(r.findings()).as(d.label()).isEmpty();
      assertThat(r.partitionsScanned()).isEqualTo(20);
      assertThat(r.rowsScanned()).isEqualTo(20 * 5 * 24);
    }
    assertThat(detect(ScanDepth.FULL).checksumsVerified()).isEqualTo(20);
    assertThat(detect(ScanDepth.QUICK).checksumsVerified()).isZero();
    ScanReport damage = scans.assess(new DamageAssessRequest(SourceId.EIA, true));
    assertThat(damage.findings()).isEmpty();
    assertThat(damage.checksumsVerified()).isEqualTo(20);
  }

  @Test
  void the_reader_the_scanner_and_the_operational_scan_agree_on_a_clean_copy() {
    IntegrityReader reader = f.store.integrity();
    assertThat(reader.heads(SourceId.EIA, DATASET))
        .hasSize(20)
        .allMatch(h -> h.version() != null && h.version().id() == h.head().versionId());

    IntegrityScanner.Result r =
        new IntegrityScanner(reader, f.config.catalog(), f.clock)
            .scan(
                new IntegrityScanner.Plan(
                    SourceId.EIA,
                    java.util.EnumSet.of(Category.CHECKSUM),
                    IntegrityScanner.Selection.ALL,
                    IntegrityScanner.ChecksumPolicy.SAMPLE));

    assertThat(r.findings()).isEmpty();
    assertThat(r.partitions()).isEqualTo(20);
    // A sample: some checksums, not all of them.
    assertThat(r.checksums()).isBetween(1L, 19L);
    assertThat(
            new OperationalScan(f.store, java.time.Duration.ofMinutes(5))
                .scan(SourceId.EIA, f.clock.instant()))
        .isEmpty();
  }

  @Test
  void every_planted_corruption_is_found_by_kind_and_partition() throws Exception {
    try (Connection c = db.raw()) {
      exec(
          c,
          "UPDATE observations SET value = value + 1 WHERE version_id = ? AND period = ?",
          version(jan(3)),
          start(jan(3)));
      exec(
          c,
          "DELETE FROM observations WHERE version_id = ? AND series_id = 'MISO-D' AND period >= ?",
          version(jan(5)),
          start(jan(5)) + 12 * 3600);
      setValue(c, jan(7), Double.POSITIVE_INFINITY);
      exec(
          c,
          "UPDATE partition_versions SET checksum = ? WHERE id = ?",
          "a".repeat(64),
          version(jan(9)));
      exec(
          c,
          "UPDATE partition_versions SET schema_version = 'v0.9' WHERE id = ?",
          version(jan(11)));
      plantPartialDay(c, jan(13));
      exec(c, "DELETE FROM heads WHERE dataset = ? AND period = ?", DATASET, jan(15).toString());
      setValue(c, jan(17), 5_000_000);
      exec(
          c,
          "UPDATE audit_log SET detail = 'tampered' WHERE seq = (SELECT MIN(seq) FROM audit_log)");
    }
    ScanReport r = detect(ScanDepth.FULL);
    assertThat(kinds(r))
        .contains(
            "checksum_mismatch 2024-01-03",
            "partial_day 2024-01-05",
            "row_count_mismatch 2024-01-05",
            "checksum_mismatch 2024-01-05",
            "non_finite_value 2024-01-07",
            "checksum_mismatch 2024-01-09",
            "schema_version_mismatch 2024-01-11",
            "partial_day 2024-01-13",
            "missing_partition 2024-01-15",
            "out_of_bounds 2024-01-17");
    // Untouched partitions stay clean, and the re-sealed partial day is only partial.
    assertThat(kinds(r))
        .noneMatch(k -> k.endsWith("2024-01-02") || k.endsWith("2024-01-20"))
        .doesNotContain("checksum_mismatch 2024-01-13", "checksum_mismatch 2024-01-11");
    // The audit trail is checksummed data too: detect reports its break at standard and full.
    assertThat(kinds(r)).contains("audit_chain_break -");
    // Quick depth skips checksums; a wrong stored checksum needs a checksum to be seen.
    assertThat(kinds(detect(ScanDepth.QUICK)))
        .doesNotContain("checksum_mismatch 2024-01-09", "audit_chain_break -");
    // Only the types asked for.
    ScanReport schemaOnly =
        scans.detect(
            new CorruptionDetectRequest(
                SourceId.EIA, java.util.Set.of(Category.SCHEMA), ScanDepth.QUICK));
    assertThat(kinds(schemaOnly)).containsExactly("schema_version_mismatch 2024-01-11");

    ScanReport damage = scans.assess(new DamageAssessRequest(SourceId.EIA, true));
    assertThat(kinds(damage))
        .contains(
            "audit_chain_break -", "checksum_mismatch 2024-01-09", "missing_partition 2024-01-15");
  }

  @Test
  void the_last_good_version_is_the_one_a_replay_superseded() throws Exception {
    Head before = f.store.versions().head(key(jan(3))).orElseThrow();
    f.upstream.offset = 7;
    Operation replay = f.started(OperationType.BACKFILL, f.spec(jan(3), jan(3), "latest_wins"));
    try (OperationStepper s = new OperationStepper(f.deps, replay.id(), "tester")) {
      s.runToEnd();
    }
    Head after = f.store.versions().head(key(jan(3))).orElseThrow();
    if (after.versionId() == before.versionId()) {
      throw new AssertionError("the second backfill did not supersede the head");
    }
    try (Connection c = db.raw()) {
      exec(
          c,
          "UPDATE partition_versions SET checksum = ? WHERE id = ?",
          "b".repeat(64),
          after.versionId());
    }
    Finding x =
        detect(ScanDepth.FULL).findings().stream()
            .filter(y -> y.kind() == Kind.CHECKSUM_MISMATCH)
            .findFirst()
            .orElseThrow();
    assertThat(x.versionId()).isEqualTo(after.versionId());
    assertThat(x.lastGoodVersionId()).isEqualTo(before.versionId());
  }

  private static List<String> kinds(ScanReport r) {
    return r.findings().stream()
        .map(
            x ->
                x.kind().label()
                    + " "
                    + (x.partitions().isEmpty() ? "-" : x.partitions().get(0).toString()))
        .toList();
  }

  private PartitionKey key(LocalDate d) {
    return new PartitionKey(SourceId.EIA, DATASET, d);
  }

  private long version(LocalDate d) {
    return f.store.versions().head(key(d)).orElseThrow().versionId();
  }

  private long start(LocalDate d) {
    return key(d).start(f.config.catalog().get(SourceId.EIA, DATASET)).getEpochSecond();
  }

  private void setValue(Connection c, LocalDate d, double v) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "UPDATE observations SET value = ? WHERE version_id = ? AND series_id = 'PJM-D'"
                + " AND period = ?")) {
      ps.setDouble(1, v);
      ps.setLong(2, version(d));
      ps.setLong(3, start(d) + 6 * 3600);
      assertThat(ps.executeUpdate()).isEqualTo(1);
    }
  }

  /** The last two hours of every series deleted, with count and checksum re-sealed to match. */
  private void plantPartialDay(Connection c, LocalDate d) throws SQLException {
    long id = version(d);
    exec(
        c,
        "DELETE FROM observations WHERE version_id = ? AND period >= ?",
        id,
        start(d) + 22 * 3600);
    String sum = Checksums.of(f.store.versions().observations(id));
    exec(
        c,
        "UPDATE partition_versions SET record_count = ?, checksum = ? WHERE id = ?",
        5L * 22,
        sum,
        id);
    exec(c, "UPDATE heads SET record_count = ? WHERE version_id = ?", 5L * 22, id);
  }

  private static void exec(Connection c, String sql, Object... args) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      for (int i = 0; i < args.length; i++) {
        ps.setObject(i + 1, args[i]);
      }
      assertThat(ps.executeUpdate()).as(sql).isPositive();
    }
  }
}
