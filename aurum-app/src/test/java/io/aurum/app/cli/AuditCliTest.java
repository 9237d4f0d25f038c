package io.aurum.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.aurum.app.testing.AurumCli;
import io.aurum.app.testing.CliFixture;
import java.nio.file.Path;
import java.sql.DriverManager;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code aurum audit verify} finds an edited entry; {@code audit log} shows an operation's trail.
 */
class AuditCliTest {
  @TempDir Path tmp;

  @Test
  void verify_passes_on_an_intact_trail_and_fails_with_exit_5_after_an_edit() throws Exception {
    try (CliFixture fx = new CliFixture(tmp, false, 1000, 8)) {
      assertThat(
              AurumCli.run(
                      fx.env(),
                      "backfill",
                      "--source",
                      "eia",
                      "--datasets",
                      "ELEC.DEMAND",
                      "--start-date",
                      "2024-01-01",
                      "--end-date",
                      "2024-01-03")
                  .exit())
          .isZero();
      var ok = AurumCli.run(fx.env(), "audit", "verify");
      assertThat(ok.exit()).isZero();
      assertThat(ok.out()).contains("audit trail intact");
      var log = AurumCli.run(fx.env(), "audit", "log", "--job-id", "BACKFILL_20240103_EIA");
      assertThat(log.out())
          .contains("operation.created", "version.published")
          .doesNotContain("test-key");

      try (var c = DriverManager.getConnection(fx.jdbcUrl());
          var s = c.createStatement()) {
        s.executeUpdate(
            "UPDATE audit_log SET actor = 'mallory' WHERE seq = (SELECT MIN(seq) + 1 FROM audit_log)");
      }
      var broken = AurumCli.run(fx.env(), "audit", "verify");
      assertThat(broken.exit()).isEqualTo(5);
      assertThat(broken.err()).contains("does not match its hash chain");
    }
  }
}
