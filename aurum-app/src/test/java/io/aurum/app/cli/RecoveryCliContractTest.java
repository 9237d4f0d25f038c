package io.aurum.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.aurum.app.testing.AurumCli;
import io.aurum.app.testing.CliFixture;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The runbook's 4.1.2 and 4.1.3 as written (assess, plan, recover) after a sandbox backfill with
 * planted damage, on both databases: the plan re-fetches exactly the damaged partitions,
 * acknowledges the audit break and releases the isolation last; recovery leaves the source clean
 * (assess, audit verify); a failed gate stops it and a rerun resumes without redoing done steps.
 */
abstract class RecoveryCliContractTest {
  @TempDir Path tmp;
  CliFixture fx;
  RecoveryDrill drill;

  abstract boolean postgres();

  @BeforeEach
  void setUp() {
    fx = new CliFixture(tmp, postgres(), 1000, 8);
    drill = new RecoveryDrill(fx, tmp);
    AurumCli.Result first = fx.backfillEiaDemand("2024-01-01", "2024-01-06");
    assertThat(first.exit()).as(first.all()).isZero();
  }

  @AfterEach
  void tearDown() {
    fx.close();
  }

  AurumCli.Result aurum(String... args) {
    return drill.aurum(args);
  }

  void sql(String... statements) throws Exception {
    drill.sql(statements);
  }

  /** A value edited by SQL on Jan 2, rows deleted on Jan 4, an audit entry edited. */
  void plantDamage() throws Exception {
    sql(
        "UPDATE observations SET value = value * 7 WHERE version_id = (SELECT version_id FROM"
            + " heads WHERE dataset = 'ELEC.DEMAND' AND period = '2024-01-02')",
        "DELETE FROM observations WHERE version_id = (SELECT version_id FROM heads WHERE"
            + " dataset = 'ELEC.DEMAND' AND period = '2024-01-04')",
        "UPDATE audit_log SET detail = '{\"forged\":true}' WHERE seq = 2");
  }

  JsonNode json(Path file) throws Exception {
    return new ObjectMapper().readTree(Files.readString(file));
  }

  @Test
  void assess_plan_recover_ends_clean_and_acknowledges_the_audit_break() throws Exception {
    plantDamage();
    assertThat(aurum("emergency", "isolate", "--source", "eia", "--isolate-kafka").exit()).isZero();
    Path damage = drill.damageReport();
    Path planFile = drill.planFile();
    drill.assessDamaged();
    AurumCli.Result plan = drill.plan();
    assertThat(plan.out()).contains("replay", "acknowledge_audit_break", "release_isolation");
    JsonNode p = json(planFile);
    JsonNode steps = p.path("steps");
    assertThat(steps.get(steps.size() - 1).path("kind").asText()).isEqualTo("release_isolation");
    JsonNode replay = null;
    for (JsonNode s : steps) {
      if (s.path("kind").asText().equals("replay")) {
        replay = s;
      }
    }
    assertThat(replay).isNotNull();
    assertThat(replay.path("scope").path("partitions").toString())
        .contains("2024-01-02", "2024-01-04")
        .doesNotContain("2024-01-03");
    assertThat(replay.path("estimated_requests").asLong()).isPositive();
    AurumCli.Result json =
        aurum(
            "emergency",
            "plan",
            "--source",
            "eia",
            "--damage-assessment",
            damage.toString(),
            "--output",
            tmp.resolve("again.json").toString(),
            "--format",
            "json");
    assertThat(json.exit()).as(json.all()).isZero();
    assertThat(new ObjectMapper().readTree(json.out()).path("plan").asText()).isEqualTo("recovery");

    AurumCli.Result dry =
        aurum("emergency", "recover", "--recovery-plan", planFile.toString(), "--dry-run");
    assertThat(dry.exit()).as(dry.all()).isZero();
    assertThat(dry.out()).contains("would_run");

    AurumCli.Result rec =
        aurum(
            "emergency",
            "recover",
            "--recovery-plan",
            planFile.toString(),
            "--parallel-recovery",
            "--validate-each-step",
            "--reason",
            "drill");
    assertThat(rec.exit()).as(rec.all()).isZero();
    assertThat(rec.out()).contains("complete");

    drill.assertAssessesClean();
    AurumCli.Result verify = aurum("audit", "verify");
    assertThat(verify.exit()).as(verify.all()).isZero();
    assertThat(verify.out()).contains("entry 2 was edited outside Aurum");
    assertThat(
            aurum(
                    "validate",
                    "integrity",
                    "--source",
                    "eia",
                    "--date-range",
                    "2024-01-01:2024-01-06")
                .exit())
        .isZero();
    assertThat(aurum("emergency", "status").out()).doesNotContain("ISOLATION");

    // Done steps are skipped on a rerun: nothing is replayed again.
    AurumCli.Result again = aurum("emergency", "recover", "--recovery-plan", planFile.toString());
    assertThat(again.exit()).as(again.all()).isZero();
    assertThat(again.out()).contains("already_done").doesNotContain("| done");
  }

  @Test
  void a_damaged_partition_with_a_good_earlier_version_is_rolled_back_without_upstream_requests()
      throws Exception {
    // Jan 2 and 3 get a second version (a replay), whose heads are then damaged behind Aurum's
    // back: a value edited on Jan 2, every row deleted on Jan 3. Their first versions are intact.
    AurumCli.Result replay =
        aurum(
            "replay",
            "--source",
            "eia",
            "--datasets",
            "ELEC.DEMAND",
            "--date-range",
            "2024-01-02:2024-01-03",
            "--reason",
            "revision");
    assertThat(replay.exit()).as(replay.all()).isZero();
    sql(
        "UPDATE observations SET value = value * 7 WHERE version_id = (SELECT version_id FROM"
            + " heads WHERE dataset = 'ELEC.DEMAND' AND period = '2024-01-02')",
        "DELETE FROM observations WHERE version_id = (SELECT version_id FROM heads WHERE"
            + " dataset = 'ELEC.DEMAND' AND period = '2024-01-03')");
    Path planFile = drill.planFile();
    drill.assessDamaged();
    AurumCli.Result plan = drill.plan();
    assertThat(plan.out())
        // Once in CI (not reproduced in 8 runs) both days were planned as replays: say why.
        .as("replay: %s%ndamage report: %s", replay.all(), Files.readString(drill.damageReport()))
        .contains("rollback_partitions", "ELEC.DEMAND 2024-01-03 back from version 2 to version 1")
        .doesNotContain("| replay");
    JsonNode p = json(planFile);
    assertThat(p.path("estimated_requests").asLong()).isZero();
    JsonNode rollback = null;
    for (JsonNode s : p.path("steps")) {
      assertThat(s.path("kind").asText()).isNotEqualTo("replay");
      if (s.path("kind").asText().equals("rollback_partitions")) {
        rollback = s;
      }
    }
    assertThat(rollback).as(p.toString()).isNotNull();
    assertThat(rollback.path("estimated_requests").asLong()).isZero();
    assertThat(rollback.path("rollbacks").findValuesAsText("partition"))
        .containsExactly("2024-01-02", "2024-01-03");
    assertThat(rollback.path("rollbacks").findValuesAsText("from_version")).containsOnly("2");
    assertThat(rollback.path("rollbacks").findValuesAsText("to_version")).containsOnly("1");

    long requests = fx.sandbox.stats("eia").requests();
    AurumCli.Result rec =
        aurum("emergency", "recover", "--recovery-plan", planFile.toString(), "--reason", "drill");
    assertThat(rec.exit()).as(rec.all()).isZero();
    assertThat(rec.out()).contains("rollback_partitions", "2 partition(s) verify clean");
    assertThat(fx.sandbox.stats("eia").requests()).isEqualTo(requests);

    assertThat(
            aurum(
                    "validate",
                    "integrity",
                    "--source",
                    "eia",
                    "--date-range",
                    "2024-01-01:2024-01-06")
                .exit())
        .isZero();
    drill.assertAssessesClean();
    AurumCli.Result verify = aurum("audit", "verify");
    assertThat(verify.exit()).as(verify.all()).isZero();
    try (var store = fx.openStore()) {
      for (String day : new String[] {"2024-01-02", "2024-01-03"}) {
        var key =
            new io.aurum.core.model.PartitionKey(
                io.aurum.core.model.SourceId.EIA, "ELEC.DEMAND", java.time.LocalDate.parse(day));
        var versions = store.versions().versions(key);
        long head = store.versions().head(key).orElseThrow().versionId();
        assertThat(versions)
            .filteredOn(v -> v.id() == head)
            .singleElement()
            .satisfies(v -> assertThat(v.versionNo()).isEqualTo(1));
        assertThat(versions)
            .filteredOn(v -> v.versionNo() == 2)
            .singleElement()
            .satisfies(
                v -> assertThat(v.state()).isEqualTo(io.aurum.core.model.VersionState.ROLLED_BACK));
      }
      assertThat(
              store
                  .operations()
                  .list(java.util.EnumSet.allOf(io.aurum.core.model.OperationState.class))
                  .stream()
                  .filter(o -> o.type() == io.aurum.core.model.OperationType.ROLLBACK)
                  .map(o -> o.state()))
          .containsExactly(io.aurum.core.model.OperationState.SUCCEEDED);
    }
    try (Connection c = DriverManager.getConnection(fx.jdbcUrl());
        Statement st = c.createStatement()) {
      var rs = st.executeQuery("SELECT COUNT(*) FROM rollback_moves");
      rs.next();
      assertThat(rs.getLong(1)).isEqualTo(2);
      rs =
          st.executeQuery(
              "SELECT COUNT(*) FROM outbox WHERE payload LIKE '%rolledBackPartitions%'");
      rs.next();
      assertThat(rs.getLong(1)).isEqualTo(1);
      rs = st.executeQuery("SELECT COUNT(*) FROM audit_log WHERE action = 'rollback.applied'");
      rs.next();
      assertThat(rs.getLong(1)).isEqualTo(1);
      // As if the run had stopped after the move, before the step was recorded done.
      st.executeUpdate("DELETE FROM recovery_steps WHERE kind = 'rollback_partitions'");
    }
    AurumCli.Result again = aurum("emergency", "recover", "--recovery-plan", planFile.toString());
    assertThat(again.exit()).as(again.all()).isZero();
    assertThat(again.out()).contains("no head left to move (2 already moved)");
    assertThat(fx.sandbox.stats("eia").requests()).isEqualTo(requests);
  }

  @Test
  void a_failed_gate_stops_and_a_rerun_resumes_from_the_first_unfinished_step() throws Exception {
    plantDamage();
    Path planFile = drill.planFile();
    drill.assessDamaged();
    drill.plan();
    // Damage the plan did not foresee: the final validation gate fails.
    sql(
        "UPDATE observations SET value = value * 3 WHERE version_id = (SELECT version_id FROM"
            + " heads WHERE dataset = 'ELEC.DEMAND' AND period = '2024-01-05')");
    AurumCli.Result rec =
        aurum(
            "emergency", "recover", "--recovery-plan", planFile.toString(), "--validate-each-step");
    assertThat(rec.exit()).as(rec.all()).isEqualTo(5);
    assertThat(rec.err().strip().lines()).hasSize(1);
    assertThat(rec.err()).contains("failed", "run the same command again to resume");
    // Repair it by hand (as an operator would), then rerun: the done steps are skipped.
    AurumCli.Result replay =
        aurum(
            "replay",
            "--source",
            "eia",
            "--datasets",
            "ELEC.DEMAND",
            "--date-range",
            "2024-01-05:2024-01-05",
            "--reason",
            "fix");
    assertThat(replay.exit()).as(replay.all()).isZero();
    AurumCli.Result again =
        aurum(
            "emergency", "recover", "--recovery-plan", planFile.toString(), "--validate-each-step");
    assertThat(again.exit()).as(again.all()).isZero();
    assertThat(again.out()).contains("already_done");
    try (var store = fx.openStore()) {
      long replays =
          store
              .operations()
              .list(java.util.EnumSet.allOf(io.aurum.core.model.OperationState.class))
              .stream()
              .filter(o -> o.type() == io.aurum.core.model.OperationType.REPLAY)
              .count();
      assertThat(replays).isEqualTo(2);
    }
  }

  @Test
  void bad_plan_files_are_refused_with_one_line() throws Exception {
    AurumCli.Result missing =
        aurum("emergency", "recover", "--recovery-plan", tmp.resolve("nope.json").toString());
    assertThat(missing.exit()).isEqualTo(3);
    assertThat(missing.err().strip().lines()).hasSize(1);
    Path bad = tmp.resolve("bad.json");
    Files.writeString(bad, "{\"plan\": \"recovery\"}");
    AurumCli.Result invalid = aurum("emergency", "recover", "--recovery-plan", bad.toString());
    assertThat(invalid.exit()).as(invalid.all()).isEqualTo(2);
    assertThat(invalid.err()).contains("missing key");
    Path damage = drill.damageReport();
    drill.assess();
    AurumCli.Result other =
        aurum(
            "emergency",
            "plan",
            "--source",
            "fred",
            "--damage-assessment",
            damage.toString(),
            "--output",
            tmp.resolve("p.json").toString());
    assertThat(other.exit()).as(other.all()).isEqualTo(2);
    assertThat(other.err()).contains("of source eia, not fred");
    assertThat(Files.exists(tmp.resolve("p.json"))).isFalse();
  }
}
