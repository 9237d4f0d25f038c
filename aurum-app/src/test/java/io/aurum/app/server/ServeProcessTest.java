package io.aurum.app.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.aurum.app.testing.AurumCli;
import io.aurum.app.testing.AurumProcess;
import io.aurum.app.testing.CliFixture;
import io.aurum.core.model.OperationState;
import io.aurum.core.model.Role;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code aurum serve} as a process: killed with -9 mid-backfill it leaves the backfill STALLED
 * (RUNNING, its owner gone), and the next server resumes it to the end.
 */
class ServeProcessTest {
  private static final Pattern SERVING =
      Pattern.compile("serving on http://127\\.0\\.0\\.1:(\\d+)");

  @TempDir Path tmp;

  @Test
  void a_killed_server_leaves_its_backfill_stalled_and_the_next_server_resumes_it()
      throws Exception {
    try (CliFixture fx = new CliFixture(tmp, false, 1000, 1)) {
      AurumCli.Result made =
          AurumCli.run(
              fx.env(),
              "tokens",
              "create",
              "--role",
              "operator",
              "--name",
              "ci",
              "--format",
              "json");
      assertThat(made.exit()).as(made.all()).isZero();
      String token = TestServer.JSON.readTree(made.out()).get("token").asText();
      fx.sandbox.faults("eia").latencyMs(200);
      String id;
      try (AurumProcess serve =
          AurumProcess.start(tmp.resolve("proc"), fx.env(), "serve", "--port", "0")) {
        int port = port(serve);
        HttpResponse<String> r =
            HttpClient.newHttpClient()
                .send(
                    HttpRequest.newBuilder(
                            URI.create("http://127.0.0.1:" + port + "/api/backfills"))
                        .header("Authorization", "Bearer " + token)
                        .POST(
                            HttpRequest.BodyPublishers.ofString(
                                "{\"source\":\"eia\",\"datasets\":\"ELEC.DEMAND\",\"start_date\":\"2024-01-01\",\"end_date\":\"2024-03-31\",\"concurrency\":1,\"batch_size\":1}"))
                        .build(),
                    HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
        id = TestServer.json(r).get("operation_id").asText();
        serve.kill9();
      }
      try (var store = fx.openStore()) {
        assertThat(store.operations().find(id).orElseThrow().state())
            .isEqualTo(OperationState.RUNNING);
      }
      AurumCli.Result status = AurumCli.run(fx.env(), "status", "--job-id", id, "--format", "json");
      assertThat(TestServer.JSON.readTree(status.out()).get("state").asText()).isEqualTo("stalled");
      fx.sandbox.faults("eia").latencyMs(0);
      try (TestServer next = new TestServer(fx)) {
        HttpResponse<String> resumed =
            next.post("/api/operations/" + id + "/resume", Role.OPERATOR, "");
        assertThat(resumed.statusCode()).as(resumed.body()).isIn(200, 202);
        await()
            .atMost(Duration.ofSeconds(120))
            .until(
                () -> {
                  try (var store = fx.openStore()) {
                    return store.operations().find(id).orElseThrow().state()
                        == OperationState.SUCCEEDED;
                  }
                });
      }
    }
  }

  private static int port(AurumProcess serve) {
    int[] port = new int[1];
    await()
        .atMost(Duration.ofSeconds(60))
        .until(
            () -> {
              Matcher m = SERVING.matcher(serve.output());
              if (m.find()) {
                port[0] = Integer.parseInt(m.group(1));
                return true;
              }
              assertThat(serve.process().isAlive()).as(serve.output()).isTrue();
              return false;
            });
    return port[0];
  }
}
