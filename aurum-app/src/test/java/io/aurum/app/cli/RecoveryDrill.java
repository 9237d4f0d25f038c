package io.aurum.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.aurum.app.testing.AurumCli;
import io.aurum.app.testing.CliFixture;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;

/**
 * The runbook's 4.1.2-4.1.3 steps as the recovery tests type them, written once: damage the store
 * behind Aurum's back by SQL, {@code emergency assess} the EIA source with a full scan, {@code
 * emergency plan} its recovery from that report, and after the recovery assess it clean. The
 * reports go to the files the commands default to ({@code damage_report.json}, {@code
 * recovery_plan.json}) in the test's folder.
 */
final class RecoveryDrill {
  private final CliFixture fx;
  private final Path dir;

  RecoveryDrill(CliFixture fx, Path dir) {
    this.fx = fx;
    this.dir = dir;
  }

  Path damageReport() {
    return dir.resolve("damage_report.json");
  }

  Path planFile() {
    return dir.resolve("recovery_plan.json");
  }

  AurumCli.Result aurum(String... args) {
    return AurumCli.run(fx.env(), args);
  }

  /** Runs statements on the store's database directly, as damage Aurum did not make. */
  void sql(String... statements) throws Exception {
    try (Connection c = DriverManager.getConnection(fx.jdbcUrl());
        Statement st = c.createStatement()) {
      for (String s : statements) {
        st.executeUpdate(s);
      }
    }
  }

  /** {@code emergency assess --source eia --full-scan} into the damage report, as it ends. */
  AurumCli.Result assess() {
    return aurum(
        "emergency",
        "assess",
        "--source",
        "eia",
        "--full-scan",
        "--output",
        damageReport().toString());
  }

  /** The assessment of a damaged source: findings, exit 5. */
  AurumCli.Result assessDamaged() {
    AurumCli.Result assess = assess();
    assertThat(assess.exit()).as(assess.all()).isEqualTo(5);
    return assess;
  }

  /** {@code emergency plan} of EIA's recovery from the damage report; it succeeds. */
  AurumCli.Result plan() {
    AurumCli.Result plan =
        aurum(
            "emergency",
            "plan",
            "--source",
            "eia",
            "--damage-assessment",
            damageReport().toString(),
            "--output",
            planFile().toString());
    assertThat(plan.exit()).as(plan.all()).isZero();
    return plan;
  }

  /** After a recovery: a full scan of EIA finds nothing (exit 0). */
  void assertAssessesClean() {
    AurumCli.Result after =
        aurum(
            "emergency",
            "assess",
            "--source",
            "eia",
            "--full-scan",
            "--output",
            dir.resolve("after.json").toString());
    assertThat(after.exit()).as(after.all()).isZero();
  }
}
