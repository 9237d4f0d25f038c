package io.aurum.app.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.aurum.app.testing.CliFixture;
import io.aurum.core.model.OperationState;
import io.aurum.core.model.Role;
import io.aurum.core.port.AuditLog;
import io.aurum.core.request.JsonSchemas;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Operations started and steered over HTTP run in the server, and outlive it; on SQLite and
 * PostgreSQL.
 */
abstract class ServerOperationsContractTest {
  static final Path SCHEMAS = Path.of("..", "docs", "schemas");

  @TempDir Path tmp;

  abstract boolean postgres();

  private static OperationState state(CliFixture fx, String id) {
    try (var store = fx.openStore()) {
      return store.operations().find(id).orElseThrow().state();
    }
  }

  @Test
  void a_dry_run_answers_the_plan_and_writes_nothing() throws Exception {
    try (CliFixture fx = new CliFixture(tmp, postgres(), 1000, 4);
        TestServer s = new TestServer(fx)) {
      HttpResponse<String> r =
          s.post(
              "/api/backfills",
              Role.OPERATOR,
              "{\"source\":\"eia\",\"datasets\":[\"ELEC.DEMAND\"],\"start_date\":\"2024-01-01\",\"end_date\":\"2024-01-03\",\"dry_run\":true}");
      assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
      assertThat(
              JsonSchemas.problems(Files.readString(SCHEMAS.resolve("plan.schema.json")), r.body()))
          .isEmpty();
      try (var store = fx.openStore()) {
        assertThat(store.operations().list(java.util.Set.of())).isEmpty();
      }
    }
  }

  @Test
  void a_bad_value_is_named_by_its_json_field_and_nothing_is_created() {
    try (CliFixture fx = new CliFixture(tmp, postgres(), 1000, 4);
        TestServer s = new TestServer(fx)) {
      HttpResponse<String> r =
          s.post(
              "/api/backfills",
              Role.OPERATOR,
              "{\"source\":\"eia\",\"start_date\":\"2024-01-01\",\"end_date\":\"2024-01-03\",\"concurrency\":0}");
      assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
      String detail = TestServer.json(r).get("detail").asText();
      assertThat(detail).contains("concurrency").doesNotContain("--concurrency");
      HttpResponse<String> backwards =
          s.post(
              "/api/backfills",
              Role.OPERATOR,
              "{\"source\":\"eia\",\"start_date\":\"2024-01-03\",\"end_date\":\"2024-01-01\"}");
      assertThat(backwards.statusCode()).isEqualTo(400);
      assertThat(TestServer.json(backwards).get("detail").asText()).contains("end_date");
      assertThat(s.post("/api/backfills", Role.OPERATOR, "{\"sauce\":\"eia\"}").statusCode())
          .isEqualTo(400);
      assertThat(s.post("/api/backfills", Role.OPERATOR, "{not json").statusCode()).isEqualTo(400);
      try (var store = fx.openStore()) {
        assertThat(store.operations().list(java.util.Set.of())).isEmpty();
      }
    }
  }

  @Test
  void a_backfill_started_over_http_runs_in_the_server_with_the_token_as_actor() {
    try (CliFixture fx = new CliFixture(tmp, postgres(), 1000, 4);
        TestServer s = new TestServer(fx)) {
      HttpResponse<String> r =
          s.post(
              "/api/backfills",
              Role.OPERATOR,
              "{\"source\":\"eia\",\"datasets\":\"ELEC.DEMAND\",\"start_date\":\"2024-01-01\",\"end_date\":\"2024-01-05\"}");
      assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
      String id = TestServer.json(r).get("operation_id").asText();
      assertThat(r.headers().firstValue("Location")).hasValue("/api/operations/" + id);
      await().atMost(Duration.ofSeconds(60)).until(() -> state(fx, id) == OperationState.SUCCEEDED);
      try (var store = fx.openStore()) {
        assertThat(store.audit().entries(id))
            .extracting(AuditLog.Entry::actor)
            .contains("token:test-operator");
      }
      JsonNode tasks =
          TestServer.json(s.get("/api/operations/" + id + "/tasks?state=succeeded", Role.VIEWER));
      assertThat(tasks.get("tasks")).hasSize(5);
    }
  }

  @Test
  void a_server_stopped_mid_operation_leaves_it_resumable_and_the_next_server_resumes_it() {
    try (CliFixture fx = new CliFixture(tmp, postgres(), 1000, 1)) {
      fx.sandbox.faults("eia").latencyMs(200);
      String id;
      try (TestServer first = new TestServer(fx)) {
        HttpResponse<String> r =
            first.post(
                "/api/backfills",
                Role.OPERATOR,
                "{\"source\":\"eia\",\"datasets\":\"ELEC.DEMAND\",\"start_date\":\"2024-01-01\",\"end_date\":\"2024-03-31\",\"concurrency\":1,\"batch_size\":1}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
        id = TestServer.json(r).get("operation_id").asText();
        assertThat(first.server.routes()).isNotEmpty();
      }
      assertThat(state(fx, id)).isEqualTo(OperationState.PAUSED);
      fx.sandbox.faults("eia").latencyMs(0);
      try (TestServer second = new TestServer(fx)) {
        HttpResponse<String> r =
            second.post("/api/operations/" + id + "/resume", Role.OPERATOR, "");
        assertThat(r.statusCode()).as(r.body()).isIn(200, 202);
        await()
            .atMost(Duration.ofSeconds(90))
            .until(() -> state(fx, id) == OperationState.SUCCEEDED);
        HttpResponse<String> again =
            second.post("/api/operations/" + id + "/resume", Role.OPERATOR, "");
        assertThat(again.statusCode()).as(again.body()).isEqualTo(409);
      }
    }
  }

  @Test
  void a_replay_started_over_http_runs_and_a_bad_type_is_refused_by_its_field() {
    try (CliFixture fx = new CliFixture(tmp, postgres(), 1000, 4)) {
      assertThat(fx.backfillEiaDemand("2024-01-01", "2024-01-02").exit()).isZero();
      try (TestServer s = new TestServer(fx)) {
        HttpResponse<String> bad =
            s.post(
                "/api/replays",
                Role.OPERATOR,
                "{\"source\":\"eia\",\"start_date\":\"2024-01-01\",\"end_date\":\"2024-01-02\",\"type\":\"vibes\"}");
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(TestServer.json(bad).get("detail").asText())
            .contains("unknown replay type 'vibes'");
        HttpResponse<String> r =
            s.post(
                "/api/replays",
                Role.OPERATOR,
                "{\"source\":\"eia\",\"datasets\":[\"ELEC.DEMAND\"],\"start_date\":\"2024-01-01\",\"end_date\":\"2024-01-02\",\"reason\":\"api\"}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
        String id = TestServer.json(r).get("operation_id").asText();
        assertThat(TestServer.json(r).get("type").asText()).isEqualTo("replay");
        await()
            .atMost(Duration.ofSeconds(60))
            .until(() -> state(fx, id) == OperationState.SUCCEEDED);
      }
    }
  }

  @Test
  void a_reprocess_is_planned_with_dry_run_then_runs_in_the_server() {
    try (CliFixture fx = new CliFixture(tmp, postgres(), 1000, 4)) {
      assertThat(fx.backfillEiaDemand("2024-01-01", "2024-01-02").exit()).isZero();
      try (TestServer s = new TestServer(fx)) {
        String body =
            "{\"source\":\"eia\",\"type\":\"datasets\",\"date\":\"2024-01-02\",\"datasets\":[\"ELEC.DEMAND\"],\"reason\":\"api\"";
        HttpResponse<String> dry =
            s.post("/api/reprocesses", Role.OPERATOR, body + ",\"dry_run\":true}");
        assertThat(dry.statusCode()).as(dry.body()).isEqualTo(200);
        assertThat(TestServer.json(dry).get("tasks")).hasSize(1);
        HttpResponse<String> bad =
            s.post(
                "/api/reprocesses", Role.OPERATOR, "{\"source\":\"eia\",\"type\":\"everything\"}");
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(TestServer.json(bad).get("detail").asText())
            .contains("unknown reprocess type 'everything'");
        HttpResponse<String> r = s.post("/api/reprocesses", Role.OPERATOR, body + "}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
        String id = TestServer.json(r).get("operation_id").asText();
        await()
            .atMost(Duration.ofSeconds(60))
            .until(() -> state(fx, id) == OperationState.SUCCEEDED);
      }
    }
  }
}
