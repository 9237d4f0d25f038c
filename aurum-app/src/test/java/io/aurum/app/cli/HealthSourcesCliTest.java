package io.aurum.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.aurum.app.testing.AurumCli;
import io.aurum.app.testing.CliFixture;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.HashMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code aurum health sources}: a real probe per source, through the sandbox over HTTP. */
class HealthSourcesCliTest {
  @TempDir Path tmp;

  @Test
  void a_reachable_source_with_an_accepted_key_is_ok_and_a_missing_key_or_dead_server_is_down()
      throws Exception {
    try (CliFixture fx = new CliFixture(tmp, false, 1000, 8)) {
      var ok = AurumCli.run(fx.env(), "health", "sources", "--source", "eia", "--format", "json");
      assertThat(ok.exit()).as(ok.all()).isZero();
      assertThat(ok.out())
          .contains(
              "\"status\" : \"ok\"", "\"credentials\" : \"accepted\"", "\"reachable\" : true");
      assertThat(fx.sandbox.stats("eia").requests()).isEqualTo(1);

      var env = new HashMap<>(fx.env());
      env.remove("EIA_API_KEY");
      var missing = AurumCli.run(env, "health", "sources", "--source", "eia");
      assertThat(missing.exit()).isEqualTo(1);
      assertThat(missing.out()).contains("down", "missing (EIA_API_KEY)");

      int closed;
      try (ServerSocket s = new ServerSocket(0)) {
        closed = s.getLocalPort();
      }
      env = new HashMap<>(fx.env());
      env.put("AURUM_EIA_BASE_URL", "http://127.0.0.1:" + closed);
      var dead = AurumCli.run(env, "health", "sources", "--source", "eia", "--format", "json");
      assertThat(dead.exit()).isEqualTo(1);
      assertThat(dead.out())
          .contains("\"status\" : \"down\"", "\"reachable\" : false")
          .doesNotContain("test-key");
    }
  }
}
