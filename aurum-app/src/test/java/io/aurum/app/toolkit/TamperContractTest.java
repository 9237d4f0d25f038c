package io.aurum.app.toolkit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.aurum.app.Main;
import io.aurum.app.testing.TestConfig;
import io.aurum.core.config.AurumConfig;
import io.aurum.core.engine.EngineListener;
import io.aurum.core.engine.LiveProgress;
import io.aurum.core.engine.OperationRunner;
import io.aurum.core.model.Checksums;
import io.aurum.core.model.Operation;
import io.aurum.core.model.OperationSpec;
import io.aurum.core.model.OperationType;
import io.aurum.core.model.PartitionKey;
import io.aurum.core.model.Priority;
import io.aurum.core.model.SourceId;
import io.aurum.core.ops.OperationIds;
import io.aurum.core.ops.OperationService;
import io.aurum.core.port.Store;
import io.aurum.store.testing.TestDatabase;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Tampering with the store is detected (issue 16, item 6): a truncated audit trail, edited
 * provenance, a malformed checksum and non-finite values fail their verification naming what is
 * wrong, and validation over an unfinished operation says INCOMPLETE. Run on SQLite and PostgreSQL.
 */
abstract class TamperContractTest {
  static final String DS = "ELEC.DEMAND";
  static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path tmp;
  TestDatabase db;
  Store store;
  OperationService service;
  Path configDir;

  abstract TestDatabase database(Path tmp);

  @BeforeEach
  void setUp() {
    db = database(tmp);
    store = db.open();
    configDir = TestConfig.write(tmp.resolve("config"), 1000, 8);
    service =
        new OperationService(
            new OperationRunner.Dependencies(
                store,
                Map.of(SourceId.EIA, new DefectConnector()),
                AurumConfig.load(configDir),
                Clock.systemUTC(),
                tmp.resolve("logs"),
                EngineListener.NONE));
  }

  @AfterEach
  void tearDown() {
    store.close();
    db.close();
  }

  static LocalDate jan(int day) {
    return LocalDate.of(2024, 1, day);
  }

  static PartitionKey key(LocalDate d) {
    return new PartitionKey(SourceId.EIA, DS, d);
  }

  /** Creates an operation over [start, end] and, with {@code run}, runs it to the end. */
  Operation operation(OperationType type, LocalDate start, LocalDate end, boolean run) {
    OperationSpec spec =
        new OperationSpec(
            SourceId.EIA,
            start,
            end,
            List.of(DS),
            2,
            1000,
            0,
            null,
            0.01,
            // A replay republishes unchanged data only when forced.
            type == OperationType.REPLAY,
            "latest_wins",
            null);
    Operation op =
        service.create(
            type,
            OperationIds.of(type, end, SourceId.EIA),
            spec,
            service.planner().plan(spec),
            Priority.NORMAL,
            "test",
            "tester");
    if (run) {
      service.start(op.id(), "tester", new LiveProgress());
    }
    return op;
  }

  record Run(int code, String out, String err) {
    JsonNode json() throws Exception {
      return JSON.readTree(out);
    }
  }

  Run cli(String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(
        List.of(
            "--home", tmp.resolve("home").toString(),
            "--config-dir", configDir.toString(),
            "--db-url", db.jdbcUrl()));
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code =
        Main.run(
            all.toArray(String[]::new),
            Map.of(),
            new PrintWriter(out, true),
            new PrintWriter(err, true),
            Clock.systemUTC());
    return new Run(code, out.toString(), err.toString());
  }

  Run integrity(String range) {
    return cli(
        "validate",
        "integrity",
        "--source",
        "eia",
        "--date-range",
        range,
        "--datasets",
        DS,
        "--format",
        "json");
  }

  /** The periods of the findings of one check (all checks when null). */
  static TreeSet<String> periodsOf(Run r, String check) throws Exception {
    TreeSet<String> out = new TreeSet<>();
    for (JsonNode f : r.json().path("findings")) {
      if (check == null || f.path("check").asText().equals(check)) {
        out.add(f.path("period").asText());
      }
    }
    return out;
  }

  long head(LocalDate d) {
    return store.versions().head(key(d)).orElseThrow().versionId();
  }

  void sql(String statement, Object... params) throws Exception {
    try (Connection c = db.raw();
        PreparedStatement ps = c.prepareStatement(statement)) {
      for (int i = 0; i < params.length; i++) {
        ps.setObject(i + 1, params[i]);
      }
      ps.executeUpdate();
    }
  }

  @Test
  void audit_verify_fails_with_exit_5_naming_the_truncation_when_the_newest_entries_are_deleted()
      throws Exception {
    operation(OperationType.BACKFILL, jan(1), jan(3), true);
    Run ok = cli("audit", "verify");
    assertThat(ok.code()).isZero();
    long entries = store.audit().entries(null).size();
    assertThat(ok.out()).contains("audit trail intact: " + entries + " entries verified");

    try (Connection c = db.raw();
        Statement s = c.createStatement()) {
      assertThat(
              s.executeUpdate(
                  "DELETE FROM audit_log WHERE seq > (SELECT MAX(seq) - 2 FROM audit_log)"))
          .isEqualTo(2);
    }
    Run cut = cli("audit", "verify");
    assertThat(cut.code()).isEqualTo(5);
    assertThat(cut.err().strip())
        .startsWith(
            "aurum: the audit trail was truncated: it ends at entry "
                + (entries - 2)
                + " but "
                + entries
                + " entries were written (entries "
                + (entries - 1)
                + "–"
                + entries
                + " deleted)")
        .doesNotContain("Exception")
        .hasLineCount(1);
  }

  @Test
  void validate_integrity_fails_naming_the_partition_whose_provenance_was_edited()
      throws Exception {
    operation(OperationType.BACKFILL, jan(1), jan(3), true);
    // A replay stamps its provenance on every row it publishes.
    operation(OperationType.REPLAY, jan(1), jan(3), true);
    try (Connection c = db.raw();
        Statement s = c.createStatement();
        var rs =
            s.executeQuery(
                "SELECT COUNT(*) FROM observations WHERE version_id = "
                    + head(jan(2))
                    + " AND attributes LIKE '%provenance%'")) {
      rs.next();
      assertThat(rs.getLong(1)).isPositive();
    }
    assertThat(integrity("2024-01-01:2024-01-03").code()).isZero();

    sql(
        "UPDATE observations SET attributes = REPLACE(attributes, 'REPLAY', 'FORGED')"
            + " WHERE version_id = ?",
        head(jan(2)));

    Run r = integrity("2024-01-01:2024-01-03");
    assertThat(r.code()).isEqualTo(5);
    assertThat(r.json().path("verdict").asText()).isEqualTo("fail");
    assertThat(periodsOf(r, null)).containsExactly("2024-01-02");
    assertThat(periodsOf(r, "provenance")).containsExactly("2024-01-02");
  }

  @Test
  void a_shortened_checksum_is_a_failure_naming_the_partition_not_an_exception() throws Exception {
    operation(OperationType.BACKFILL, jan(1), jan(3), true);
    sql("UPDATE partition_versions SET checksum = 'abc123' WHERE id = ?", head(jan(2)));

    Run r = integrity("2024-01-01:2024-01-03");
    assertThat(r.code()).isEqualTo(5);
    assertThat(r.err()).doesNotContain("Exception");
    assertThat(periodsOf(r, null)).containsExactly("2024-01-02");
    assertThat(r.json().path("findings").get(0).path("message").asText())
        .contains("malformed checksum 'abc123'");

    Run table =
        cli("validate", "integrity", "--source", "eia", "--date-range", "2024-01-01:2024-01-03");
    assertThat(table.code()).isEqualTo(5);
    assertThat(table.out()).contains("2024-01-02", "malformed checksum", "integrity fail");
  }

  @Test
  void non_finite_stored_values_fail_integrity_naming_their_partitions() throws Exception {
    operation(OperationType.BACKFILL, jan(1), jan(4), true);
    long superseded = head(jan(4));
    operation(OperationType.REPLAY, jan(4), jan(4), true);
    assertThat(head(jan(4))).isNotEqualTo(superseded);
    assertThat(integrity("2024-01-01:2024-01-04").code()).isZero();
    // What a store can hold: SQLite has no NaN (it stores NULL), but Infinity is a REAL.
    boolean pg = db.dialect().equals("postgresql");
    plantValue(head(jan(2)), pg ? "CAST('NaN' AS double precision)" : "9e999");
    plantValue(head(jan(3)), pg ? "CAST('Infinity' AS double precision)" : "-9e999");
    // Not only heads: a superseded version a rollback could bring back.
    plantValue(superseded, pg ? "CAST('-Infinity' AS double precision)" : "9e999");

    Run r = integrity("2024-01-01:2024-01-04");
    assertThat(r.code()).isEqualTo(5);
    // The checksums were made to match, as when such a value was ingested: only the values fail.
    assertThat(periodsOf(r, null)).containsExactly("2024-01-02", "2024-01-03", "2024-01-04");
    assertThat(periodsOf(r, "values")).containsExactly("2024-01-02", "2024-01-03", "2024-01-04");
    assertThat(r.out())
        .contains(pg ? "NaN" : "-Infinity", "Infinity")
        .contains("version " + superseded + " (SUPERSEDED, not the head) holds 1 non-finite");
  }

  /** One row of version {@code v} gets {@code value}, and the version a checksum that matches. */
  private void plantValue(long v, String value) throws Exception {
    sql(
        "UPDATE observations SET value = "
            + value
            + " WHERE version_id = ? AND period = (SELECT MIN(period) FROM observations"
            + " WHERE version_id = ?) AND series_id = (SELECT MIN(series_id) FROM observations"
            + " WHERE version_id = ?)",
        v,
        v,
        v);
    sql(
        "UPDATE partition_versions SET checksum = ? WHERE id = ?",
        Checksums.of(store.versions().observations(v)),
        v);
  }

  @Test
  void an_unfinished_operation_in_the_scope_makes_integrity_incomplete_with_exit_5()
      throws Exception {
    Operation done = operation(OperationType.BACKFILL, jan(1), jan(3), true);
    assertThat(integrity("2024-01-01:2024-01-03").code()).isZero();

    // A backfill killed half-way: RUNNING, one partition published, the others still pending.
    sql("UPDATE operations SET state = 'RUNNING' WHERE id = ?", done.id());
    sql(
        "UPDATE tasks SET state = 'PENDING' WHERE operation_id = ? AND period >= '2024-01-02'",
        done.id());
    Run half = integrity("2024-01-01:2024-01-03");
    assertThat(half.code()).isEqualTo(5);
    assertThat(half.json().path("verdict").asText()).isEqualTo("incomplete");
    assertThat(half.json().path("notes").path("incomplete").asText())
        .contains("operation " + done.id() + " is RUNNING with 2 unfinished partition(s)");
    Run table =
        cli("validate", "integrity", "--source", "eia", "--date-range", "2024-01-01:2024-01-03");
    assertThat(table.code()).isEqualTo(5);
    assertThat(table.out()).contains("integrity incomplete");
    // Outside the unfinished partitions the scope is whole.
    assertThat(integrity("2024-01-01:2024-01-01").code()).isZero();

    sql("UPDATE operations SET state = 'SUCCEEDED' WHERE id = ?", done.id());
    sql("UPDATE tasks SET state = 'SUCCEEDED' WHERE operation_id = ?", done.id());
    // A planned operation that has not started yet holds its partitions too.
    // A planned backfill that has not started holds its partitions too (Jan 4 and 5: Jan 3 has
    // data).
    Operation planned = operation(OperationType.BACKFILL, jan(3), jan(5), false);
    assertThat(integrity("2024-01-01:2024-01-03").code()).isZero();
    Run pending = integrity("2024-01-01:2024-01-05");
    assertThat(pending.code()).isEqualTo(5);
    assertThat(pending.json().path("notes").path("incomplete").asText())
        .contains("operation " + planned.id() + " is PLANNED with 2 unfinished partition(s)");
  }
}
