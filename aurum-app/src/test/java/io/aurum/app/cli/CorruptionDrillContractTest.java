package io.aurum.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.aurum.app.testing.AurumCli;
import io.aurum.app.testing.CliFixture;
import io.aurum.core.model.Checksums;
import io.aurum.core.model.Observation;
import io.aurum.core.port.EmergencyRepository;
import io.aurum.store.JdbcStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The corruption drill of issue 18, on SQLite and PostgreSQL: after a one-year sandbox backfill
 * (sandbox revisions frozen, so a re-fetch returns what the backfill fetched), one corruption of
 * each kind is planted by SQL; {@code corruption detect} finds every one and nothing on the clean
 * copy; {@code isolate} flags (lenient) or hides (strict) them; {@code recover --recovery-method
 * selective_replay} restores an export identical to the clean one, and {@code audit verify} passes
 * with the edited entry acknowledged, not rewritten.
 */
abstract class CorruptionDrillContractTest {
  static final ObjectMapper JSON = new ObjectMapper();
  static final String DS = "ELEC.DEMAND";

  @TempDir Path tmp;
  CliFixture fx;

  abstract boolean postgres();

  @BeforeEach
  void setUp() {
    fx = new CliFixture(tmp, postgres(), 1000, 8);
  }

  @AfterEach
  void tearDown() {
    fx.close();
  }

  AurumCli.Result aurum(String... args) {
    return AurumCli.run(fx.env(), args);
  }

  /** The exported data without its version columns (a recovery publishes new versions). */
  String export() {
    AurumCli.Result r =
        aurum(
            "export",
            "--source",
            "eia",
            "--datasets",
            DS,
            "--date-range",
            "2024-01-01:2024-12-31",
            "--format",
            "csv");
    assertThat(r.exit()).as(r.err()).isZero();
    StringBuilder out = new StringBuilder();
    for (String line : r.out().split("\n")) {
      String[] f = line.split(",");
      out.append(String.join(",", List.of(f).subList(0, 5))).append('\n');
    }
    return out.toString();
  }

  JsonNode detect(Path report, int exit) throws Exception {
    AurumCli.Result d =
        aurum(
            "corruption",
            "detect",
            "--source",
            "eia",
            "--corruption-types",
            "schema,completeness,accuracy",
            "--scan-depth",
            "full",
            "--output",
            report.toString());
    assertThat(d.exit()).as(d.out() + d.err()).isEqualTo(exit);
    return JSON.readTree(Files.readString(report));
  }

  Connection sql() throws Exception {
    return DriverManager.getConnection(fx.jdbcUrl());
  }

  long head(Connection c, String day) throws Exception {
    try (PreparedStatement ps =
        c.prepareStatement("SELECT version_id FROM heads WHERE dataset = ? AND period = ?")) {
      ps.setString(1, DS);
      ps.setString(2, day);
      try (ResultSet rs = ps.executeQuery()) {
        assertThat(rs.next()).as("head of " + day).isTrue();
        return rs.getLong(1);
      }
    }
  }

  void exec(Connection c, String sql) throws Exception {
    try (Statement s = c.createStatement()) {
      s.executeUpdate(sql);
    }
  }

  long count(Connection c, String sql) throws Exception {
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  String firstPeriod(long v) {
    return "(SELECT MIN(period) FROM observations WHERE version_id = " + v + ")";
  }

  @Test
  void detect_isolate_recover_restores_the_clean_data() throws Exception {
    long t0 = System.nanoTime();
    AurumCli.Result b = fx.backfillEiaDemand("2024-01-01", "2024-12-31");
    assertThat(b.exit()).as(b.err()).isZero();
    // The clean copy: nothing to report, and the export the recovery must give back.
    JsonNode clean = detect(tmp.resolve("clean_report.json"), 0);
    assertThat(clean.path("findings")).isEmpty();
    String cleanExport = export();

    // One corruption of each kind, each in its own partition of the range recovered below.
    Map<String, String> planted = new HashMap<>();
    try (Connection c = sql()) {
      long edited = head(c, "2024-12-20");
      exec(
          c,
          "UPDATE observations SET value = value + 1000 WHERE version_id = "
              + edited
              + " AND period = "
              + firstPeriod(edited));
      planted.put("2024-12-20", "checksum_mismatch");
      long deleted = head(c, "2024-12-22");
      exec(
          c,
          "DELETE FROM observations WHERE version_id = "
              + deleted
              + " AND period = "
              + firstPeriod(deleted));
      planted.put("2024-12-22", "row_count_mismatch");
      long nonFinite = head(c, "2024-12-24");
      exec(
          c,
          "UPDATE observations SET value = "
              + (postgres() ? "CAST('NaN' AS double precision)" : "9e999")
              + " WHERE version_id = "
              + nonFinite
              + " AND period = "
              + firstPeriod(nonFinite));
      planted.put("2024-12-24", "non_finite_value");
      exec(
          c,
          "UPDATE partition_versions SET checksum = '"
              + "ab".repeat(32)
              + "' WHERE id = "
              + head(c, "2024-12-26"));
      planted.put("2024-12-26", "checksum_mismatch");
      exec(
          c,
          "UPDATE partition_versions SET schema_version = 'v1.0' WHERE id = "
              + head(c, "2024-12-28"));
      planted.put("2024-12-28", "schema_version_mismatch");
      exec(c, "UPDATE audit_log SET detail = 'edited by hand' WHERE seq = 5");
    }
    // A partial day: half its rows gone, with a count and checksum that agree (a short fetch).
    try (JdbcStore store = fx.openStore();
        Connection c = sql()) {
      long partial = head(c, "2024-12-30");
      exec(
          c,
          "DELETE FROM observations WHERE version_id = "
              + partial
              + " AND period >= ("
              + firstPeriod(partial)
              + " + 43200)");
      List<Observation> rows = store.versions().observations(partial);
      exec(
          c,
          "UPDATE partition_versions SET record_count = "
              + rows.size()
              + ", checksum = '"
              + Checksums.of(rows)
              + "' WHERE id = "
              + partial);
      exec(c, "UPDATE heads SET record_count = " + rows.size() + " WHERE version_id = " + partial);
      planted.put("2024-12-30", "partial_day");
    }

    // Detect finds every planted corruption, and the edited audit entry.
    Path report = tmp.resolve("corruption_report.json");
    JsonNode found = detect(report, 5);
    Map<String, List<String>> kinds = new HashMap<>();
    List<String> all = new ArrayList<>();
    for (JsonNode f : found.path("findings")) {
      all.add(f.path("kind").asText());
      for (JsonNode p : f.path("partitions")) {
        kinds.computeIfAbsent(p.asText(), k -> new ArrayList<>()).add(f.path("kind").asText());
      }
    }
    planted.forEach((day, kind) -> assertThat(kinds.get(day)).as(day).contains(kind));
    assertThat(all).contains("audit_chain_break");
    assertThat(kinds.keySet()).isEqualTo(planted.keySet());

    // Lenient: flagged in the view, still there.
    AurumCli.Result l =
        aurum(
            "corruption",
            "isolate",
            "--source",
            "eia",
            "--corruption-report",
            report.toString(),
            "--isolation-mode",
            "lenient",
            "--reason",
            "drill");
    assertThat(l.exit()).as(l.err()).isZero();
    try (Connection c = sql()) {
      assertThat(count(c, "SELECT COUNT(*) FROM current_observations WHERE flagged")).isPositive();
      assertThat(count(c, "SELECT COUNT(*) FROM heads WHERE period >= '2024-12-20'")).isEqualTo(12);
    }
    AurumCli.Result rel = aurum("corruption", "release", "--source", "eia");
    assertThat(rel.exit()).as(rel.err()).isZero();

    // Strict: out of the view (no good version before them: no head), outbox rows held.
    AurumCli.Result s =
        aurum(
            "corruption",
            "isolate",
            "--source",
            "eia",
            "--corruption-report",
            report.toString(),
            "--isolation-mode",
            "strict",
            "--reason",
            "drill");
    assertThat(s.exit()).as(s.err()).isZero();
    assertThat(s.out()).contains("isolated (strict) 6 of 6");
    try (Connection c = sql();
        JdbcStore store = fx.openStore()) {
      assertThat(count(c, "SELECT COUNT(*) FROM current_observations WHERE flagged")).isZero();
      assertThat(count(c, "SELECT COUNT(*) FROM heads WHERE period >= '2024-12-20'")).isEqualTo(6);
      for (EmergencyRepository.OutboxRow o : store.emergencies().relayableOutbox(100_000)) {
        for (String day : planted.keySet()) {
          assertThat(o.payload()).doesNotContain("ELEC.DEMAND/" + day);
        }
      }
    }
    // Isolation is store state: a second isolate finds it already there.
    assertThat(
            aurum(
                    "corruption",
                    "isolate",
                    "--source",
                    "eia",
                    "--corruption-report",
                    report.toString(),
                    "--isolation-mode",
                    "strict")
                .out())
        .contains("already isolated");

    // Selective replay: only the corrupted partitions re-fetched, checked, published.
    AurumCli.Result r =
        aurum(
            "corruption",
            "recover",
            "--source",
            "eia",
            "--recovery-method",
            "selective_replay",
            "--data-range",
            "2024-12-20:2024-12-31");
    assertThat(r.exit()).as(r.out() + r.err()).isZero();
    assertThat(r.out()).contains("6 partition(s) to re-fetch", "isolation lifted");
    assertThat(export()).isEqualTo(cleanExport);
    assertThat(detect(tmp.resolve("after_report.json"), 0).path("findings")).isEmpty();
    try (JdbcStore store = fx.openStore()) {
      assertThat(store.isolations().open(io.aurum.core.model.SourceId.EIA)).isEmpty();
      TreeSet<String> held = new TreeSet<>();
      for (EmergencyRepository.OutboxRow o : store.emergencies().relayableOutbox(100_000)) {
        held.add(o.payload());
      }
      assertThat(String.join("\n", held)).contains("ELEC.DEMAND/2024-12-20");
    }
    AurumCli.Result v = aurum("audit", "verify");
    assertThat(v.exit()).as(v.err()).isZero();
    assertThat(v.out()).contains("entry 5 was edited outside Aurum; the break is acknowledged");
    try (Connection c = sql()) {
      assertThat(count(c, "SELECT COUNT(*) FROM audit_log WHERE detail = 'edited by hand'"))
          .isEqualTo(1);
    }
    assertThat((System.nanoTime() - t0) / 1_000_000_000).isLessThan(60);
  }
}
