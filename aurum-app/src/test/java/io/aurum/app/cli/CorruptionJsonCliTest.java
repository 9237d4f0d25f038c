package io.aurum.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.aurum.app.testing.AurumCli;
import io.aurum.app.testing.CliFixture;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code corruption isolate|release|recover --format json}: standard output is one document that
 * says what was done (the schemas are checked by JsonOutputSchemaTest), a dry run changes nothing,
 * and the replay's story goes to standard error.
 */
class CorruptionJsonCliTest {
  static final ObjectMapper JSON = new ObjectMapper();
  @TempDir Path tmp;
  CliFixture fx;
  Path report;

  @BeforeEach
  void setUp() throws Exception {
    fx = new CliFixture(tmp.resolve("w"), false, 1000, 8);
    AurumCli.Result run = fx.backfillEiaDemand("2024-01-01", "2024-01-05");
    assertThat(run.exit()).as(run.all()).isZero();
    try (Connection c = DriverManager.getConnection(fx.jdbcUrl());
        Statement st = c.createStatement()) {
      st.executeUpdate(
          "UPDATE observations SET value = value * 7 WHERE version_id = (SELECT version_id FROM"
              + " heads WHERE dataset = 'ELEC.DEMAND' AND period = '2024-01-03')");
    }
    report = tmp.resolve("corruption_report.json");
    AurumCli.Result d =
        aurum(
            "corruption",
            "detect",
            "--source",
            "eia",
            "--scan-depth",
            "full",
            "--output",
            report.toString());
    assertThat(d.exit()).as(d.all()).isEqualTo(5);
  }

  @AfterEach
  void tearDown() {
    fx.close();
  }

  AurumCli.Result aurum(String... args) {
    return AurumCli.run(fx.env(), args);
  }

  JsonNode json(String... args) throws Exception {
    AurumCli.Result r = aurum(args);
    assertThat(r.exit()).as(r.all()).isZero();
    return JSON.readTree(r.out());
  }

  @Test
  void isolate_release_and_recover_print_what_they_did_as_one_document() throws Exception {
    String[] isolate = {
      "corruption",
      "isolate",
      "--source",
      "eia",
      "--corruption-report",
      report.toString(),
      "--format",
      "json"
    };
    JsonNode dry = json(concat(isolate, "--dry-run"));
    assertThat(dry.path("dry_run").asBoolean()).isTrue();
    assertThat(dry.path("isolated").asInt()).isZero();
    assertThat(dry.at("/partitions/0/outcome").asText()).isEqualTo("would_isolate");
    assertThat(dry.at("/partitions/0/period").asText()).isEqualTo("2024-01-03");

    JsonNode done = json(isolate);
    assertThat(done.path("dry_run").asBoolean()).isFalse();
    assertThat(done.path("mode").asText()).isEqualTo("strict");
    assertThat(done.path("isolated").asInt()).isOne();
    assertThat(done.path("outbox_held").asBoolean()).isTrue();
    JsonNode row = done.at("/partitions/0");
    assertThat(row.path("outcome").asText()).isEqualTo("isolated");
    assertThat(row.path("kinds").asText()).contains("checksum_mismatch");
    assertThat(row.path("from_version_id").isIntegralNumber()).isTrue();
    // The backfill's version was the first: no good version before it.
    assertThat(row.path("to_version_id").isNull()).isTrue();
    long from = row.path("from_version_id").asLong();

    JsonNode again = json(isolate);
    assertThat(again.at("/partitions/0/outcome").asText()).isEqualTo("already_isolated");

    JsonNode wouldRelease =
        json("corruption", "release", "--source", "eia", "--dry-run", "--format", "json");
    assertThat(wouldRelease.path("released").asInt()).isZero();
    assertThat(wouldRelease.at("/partitions/0/outcome").asText()).isEqualTo("would_release");
    JsonNode released = json("corruption", "release", "--source", "eia", "--format", "json");
    assertThat(released.path("released").asInt()).isOne();
    assertThat(released.path("heads_restored").asInt()).isOne();
    assertThat(released.at("/partitions/0/head_version_id").asLong()).isEqualTo(from);

    AurumCli.Result rec =
        aurum(
            "corruption",
            "recover",
            "--source",
            "eia",
            "--recovery-method",
            "selective_replay",
            "--data-range",
            "2024-01-01:2024-01-05",
            "--format",
            "json");
    assertThat(rec.exit()).as(rec.all()).isZero();
    JsonNode r = JSON.readTree(rec.out());
    assertThat(r.path("method").asText()).isEqualTo("selective_replay");
    assertThat(r.path("from").asText()).isEqualTo("2024-01-01");
    assertThat(r.at("/partitions/0/period").asText()).isEqualTo("2024-01-03");
    assertThat(r.path("operation_id").asText()).startsWith("REPLAY_");
    assertThat(r.path("operation_state").asText()).isEqualTo("succeeded");
    assertThat(r.path("recovered").asInt()).isOne();
    assertThat(rec.err()).contains("re-fetched, checked clean and published");

    JsonNode nothing =
        json(
            "corruption",
            "recover",
            "--source",
            "eia",
            "--recovery-method",
            "rollback",
            "--format",
            "json");
    assertThat(nothing.path("partitions")).isEmpty();
    assertThat(nothing.path("operation_id").isNull()).isTrue();
    assertThat(nothing.path("recovered").asInt()).isZero();
  }

  static String[] concat(String[] a, String... b) {
    String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
