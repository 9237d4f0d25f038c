package io.aurum.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.aurum.app.testing.AurumCli;
import io.aurum.app.testing.CliFixture;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code emergency assess} reports quota windows (runbook §4.1.2), on both databases: EIA's quota
 * gets a daily window of 5 requests (the store's shared ledger counts it); a sandbox backfill uses
 * 3 of them (one 5,000-row page each: 106 days of ELEC.DEMAND), a damaged partition's recovery the
 * 4th. The recovery's final validation is not failed by the window its own replay filled, and the
 * assessment after it has a {@code quota_window} finding with 4 of 5 used.
 */
abstract class QuotaAssessCliContractTest {
  @TempDir Path tmp;
  CliFixture fx;
  RecoveryDrill drill;

  abstract boolean postgres();

  @BeforeEach
  void setUp() throws Exception {
    fx = new CliFixture(tmp, postgres(), 1000, 4);
    drill = new RecoveryDrill(fx, tmp);
    Files.writeString(
        fx.config.resolve("data_source_quotas.json"),
        """
        {"sources": {
          "eia":  {"limits": [{"requests": 1000, "period": "PT1S"}, {"requests": 5, "period": "P1D"}], "max_concurrency": 1, "reserved_share": 0, "typical_latency_ms": 5},
          "fred": {"limits": [{"requests": 1000, "period": "PT1S"}], "max_concurrency": 4, "typical_latency_ms": 5},
          "cpi":  {"limits": [{"requests": 1000, "period": "PT1S"}], "max_concurrency": 1, "typical_latency_ms": 5},
          "noaa": {"limits": [{"requests": 1000, "period": "PT1S"}], "max_concurrency": 4, "typical_latency_ms": 5},
          "iso":  {"limits": [{"requests": 1000, "period": "PT1S"}], "max_concurrency": 4, "typical_latency_ms": 5}
        }}
        """);
  }

  @AfterEach
  void tearDown() {
    fx.close();
  }

  AurumCli.Result aurum(String... args) {
    return drill.aurum(args);
  }

  JsonNode findings(Path report) throws Exception {
    return new ObjectMapper().readTree(Files.readString(report)).path("findings");
  }

  @Test
  void a_window_a_sandbox_run_nearly_spent_is_a_finding_the_recovery_leaves_to_the_operator()
      throws Exception {
    AurumCli.Result run = fx.backfillEiaDemand("2024-01-01", "2024-04-15");
    assertThat(run.exit()).as(run.all()).isZero();
    drill.sql(
        "UPDATE observations SET value = value * 7 WHERE version_id = (SELECT version_id FROM"
            + " heads WHERE dataset = 'ELEC.DEMAND' AND period = '2024-02-02')");
    Path damage = drill.damageReport();
    drill.assessDamaged();
    // 3 of 5 requests used: under 80%, not reported.
    assertThat(findings(damage).toString())
        .contains("checksum_mismatch")
        .doesNotContain("quota_window");

    Path plan = drill.planFile();
    drill.plan();
    AurumCli.Result rec =
        aurum(
            "emergency",
            "recover",
            "--recovery-plan",
            plan.toString(),
            "--validate-each-step",
            "--reason",
            "quota drill");
    assertThat(rec.exit()).as(rec.all()).isZero();
    assertThat(rec.out()).contains("complete");

    Path after = tmp.resolve("after.json");
    AurumCli.Result again =
        aurum(
            "emergency",
            "assess",
            "--source",
            "eia",
            "--full-scan",
            "--output",
            after.toString(),
            "--format",
            "json");
    assertThat(again.exit()).as(again.all()).isEqualTo(5);
    JsonNode all = findings(after);
    assertThat(all).hasSize(1);
    JsonNode f = all.get(0);
    assertThat(f.path("kind").asText()).isEqualTo("quota_window");
    assertThat(f.path("severity").asText()).isEqualTo("low");
    assertThat(f.path("category").asText()).isEqualTo("operational");
    JsonNode q = f.path("quota");
    assertThat(q.path("used").asLong()).isEqualTo(4);
    assertThat(q.path("limit").asLong()).isEqualTo(5);
    assertThat(q.path("period").asText()).isEqualTo("PT24H");
    // A daily window resets at the next UTC midnight after the run (the runs take seconds).
    String midnight =
        LocalDate.now(ZoneOffset.UTC).plusDays(1).atStartOfDay().toInstant(ZoneOffset.UTC) + "";
    assertThat(q.path("resets_at").asText()).isEqualTo(midnight);
    assertThat(f.path("suggested_action").asText()).contains("wait until " + midnight);
    assertThat(again.out()).contains("quota_window");

    AurumCli.Result table =
        aurum(
            "emergency", "assess", "--source", "eia", "--output", tmp.resolve("t.json").toString());
    assertThat(table.out()).contains("quota_window", "4 of 5 requests per PT24H used (80%");
    AurumCli.Result nextPlan =
        aurum(
            "emergency",
            "plan",
            "--source",
            "eia",
            "--damage-assessment",
            after.toString(),
            "--output",
            tmp.resolve("plan2.json").toString(),
            "--format",
            "json");
    assertThat(nextPlan.exit()).as(nextPlan.all()).isZero();
    JsonNode unplanned = new ObjectMapper().readTree(nextPlan.out()).path("unplanned");
    assertThat(unplanned).hasSize(1);
    assertThat(unplanned.get(0).path("kind").asText()).isEqualTo("quota_window");
    assertThat(unplanned.get(0).toString()).contains("aurum adjust");
  }
}
