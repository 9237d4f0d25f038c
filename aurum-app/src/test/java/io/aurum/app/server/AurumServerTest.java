package io.aurum.app.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.aurum.app.testing.CliFixture;
import io.aurum.core.model.Role;
import io.aurum.core.request.JsonSchemas;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code aurum serve} over a SQLite store: probes, auth, problems, reads. */
class AurumServerTest {
  static final Path SCHEMAS = Path.of("..", "docs", "schemas");

  @TempDir static Path tmp;
  static CliFixture fx;
  static TestServer s;
  static String opId;

  @BeforeAll
  static void start() {
    fx = new CliFixture(tmp, false, 1000, 4);
    var r = fx.backfillEiaDemand("2024-01-01", "2024-01-03");
    assertThat(r.exit()).as(r.all()).isZero();
    try (var store = fx.openStore()) {
      opId = store.operations().list(java.util.Set.of()).get(0).id();
    }
    s = new TestServer(fx);
  }

  @AfterAll
  static void stop() {
    if (s != null) {
      s.close();
    }
    fx.close();
  }

  @Test
  void probes_answer_without_a_token() {
    assertThat(s.get("/health/live", null).statusCode()).isEqualTo(200);
    HttpResponse<String> ready = s.get("/health/ready", null);
    assertThat(ready.statusCode()).isEqualTo(200);
    assertThat(TestServer.json(ready).get("status").asText()).isEqualTo("ready");
  }

  @Test
  void no_token_is_401_with_a_bearer_challenge_and_a_problem() {
    HttpResponse<String> r = s.get("/api/operations", null);
    assertThat(r.statusCode()).isEqualTo(401);
    assertThat(r.headers().firstValue("WWW-Authenticate"))
        .hasValueSatisfying(v -> assertThat(v).startsWith("Bearer"));
    assertThat(r.headers().firstValue("Content-Type"))
        .hasValueSatisfying(v -> assertThat(v).startsWith("application/problem+json"));
    JsonNode p = TestServer.json(r);
    assertThat(p.get("status").asInt()).isEqualTo(401);
    assertThat(p.get("title").asText()).isNotBlank();
    assertThat(p.get("detail").asText()).contains("Authorization: Bearer");
  }

  @Test
  void an_unknown_token_is_401_and_a_viewer_cannot_pause() {
    HttpResponse<String> bad =
        s.send(
            HttpRequest.newBuilder(URI.create(s.base() + "/api/operations")).GET(), "aurum_nope");
    assertThat(bad.statusCode()).isEqualTo(401);
    HttpResponse<String> r = s.post("/api/operations/" + opId + "/pause", Role.VIEWER, "");
    assertThat(r.statusCode()).isEqualTo(403);
    assertThat(TestServer.json(r).get("detail").asText()).contains("needs operator");
  }

  @Test
  void an_unknown_operation_is_404_with_the_command_lines_message_and_exit_code() {
    HttpResponse<String> r = s.get("/api/operations/NOPE", Role.VIEWER);
    assertThat(r.statusCode()).isEqualTo(404);
    JsonNode p = TestServer.json(r);
    assertThat(p.get("detail").asText())
        .isEqualTo("no operation NOPE: list them with aurum ops list");
    assertThat(p.get("exit_code").asInt()).isEqualTo(3);
    assertThat(p.get("kind").asText()).isEqualTo("not_found");
  }

  @Test
  void an_operation_reads_as_aurum_status_shows_it() throws Exception {
    HttpResponse<String> r = s.get("/api/operations/" + opId, Role.VIEWER);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    assertThat(
            JsonSchemas.problems(Files.readString(SCHEMAS.resolve("status.schema.json")), r.body()))
        .isEmpty();
    assertThat(TestServer.json(r).get("state").asText()).isEqualTo("succeeded");
  }

  @Test
  void the_list_filters_and_pages() throws Exception {
    JsonNode all = TestServer.json(s.get("/api/operations?source=eia&type=backfill", Role.VIEWER));
    assertThat(all.get("operations")).hasSize(1);
    assertThat(all.get("operations").get(0).get("operation_id").asText()).isEqualTo(opId);
    String rows = all.get("operations").toString();
    assertThat(
            JsonSchemas.problems(Files.readString(SCHEMAS.resolve("ops-list.schema.json")), rows))
        .isEmpty();
    assertThat(
            TestServer.json(s.get("/api/operations?state=running", Role.VIEWER)).get("operations"))
        .isEmpty();
    assertThat(TestServer.json(s.get("/api/operations?source=fred", Role.VIEWER)).get("operations"))
        .isEmpty();
    HttpResponse<String> bad = s.get("/api/operations?limit=0", Role.VIEWER);
    assertThat(bad.statusCode()).isEqualTo(400);
    assertThat(TestServer.json(bad).get("exit_code").asInt()).isEqualTo(2);
  }

  @Test
  void metrics_are_served_to_a_viewer() {
    HttpResponse<String> r = s.get("/metrics", Role.VIEWER);
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).contains("jvm_memory_used_bytes");
  }

  @Test
  void an_unknown_route_is_a_404_problem() {
    HttpResponse<String> r = s.get("/api/nothing", Role.VIEWER);
    assertThat(r.statusCode()).isEqualTo(404);
    assertThat(TestServer.json(r).get("kind").asText()).isEqualTo("not_found");
  }
}
