package io.aurum.app.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.aurum.app.testing.CliFixture;
import io.aurum.core.model.Role;
import io.aurum.core.request.JsonSchemas;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The read views and the admin actions, answered as their commands answer. */
class ServerReadAdminTest {
  static final Path SCHEMAS = Path.of("..", "docs", "schemas");

  @TempDir static Path tmp;
  static CliFixture fx;
  static TestServer s;

  @BeforeAll
  static void start() {
    fx = new CliFixture(tmp, false, 1000, 4);
    assertThat(fx.backfillEiaDemand("2024-01-01", "2024-01-03").exit()).isZero();
    String like;
    try (var store = fx.openStore()) {
      like = store.operations().list(java.util.Set.of()).get(0).id();
    }
    var day =
        new io.aurum.core.model.PartitionKey(
            io.aurum.core.model.SourceId.EIA, "ELEC.DEMAND", java.time.LocalDate.of(2024, 1, 2));
    fx.seedOperation(
        "SEEDED_PAUSED",
        like,
        java.util.List.of(new io.aurum.core.model.TaskDraft(day, null, null)),
        true);
    s = new TestServer(fx);
  }

  @AfterAll
  static void stop() {
    s.close();
    fx.close();
  }

  private static void conforms(HttpResponse<String> r, String schema) throws Exception {
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    assertThat(JsonSchemas.problems(Files.readString(SCHEMAS.resolve(schema)), r.body()))
        .as(r.body())
        .isEmpty();
  }

  @Test
  void gaps_and_coverage_are_the_commands_documents() throws Exception {
    conforms(
        s.get(
            "/api/gaps?source=eia&datasets=ELEC.DEMAND&start_date=2024-01-01&end_date=2024-01-05",
            Role.VIEWER),
        "gaps.schema.json");
    conforms(
        s.get("/api/coverage?source=eia&start_date=2024-01-01&end_date=2024-01-05", Role.VIEWER),
        "coverage.schema.json");
    conforms(s.get("/api/emergency", Role.VIEWER), "emergency-status.schema.json");
  }

  @Test
  void a_command_route_uses_the_servers_store_and_opens_none_of_its_own() throws Exception {
    s.app.store(); // the server's, opened at its start
    long before = io.aurum.app.wiring.AppContext.storesOpened();
    conforms(
        s.get("/api/coverage?source=eia&start_date=2024-01-01&end_date=2024-01-05", Role.VIEWER),
        "coverage.schema.json");
    assertThat(s.get("/api/quotas", Role.VIEWER).statusCode()).isEqualTo(200);
    assertThat(io.aurum.app.wiring.AppContext.storesOpened()).isEqualTo(before);
  }

  @Test
  void a_bad_parameter_is_the_commands_refusal_and_an_unknown_one_is_named() {
    HttpResponse<String> r = s.get("/api/gaps?source=nope", Role.VIEWER);
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(TestServer.json(r).get("detail").asText()).contains("nope");
    HttpResponse<String> u = s.get("/api/gaps?output=/tmp/x", Role.VIEWER);
    assertThat(u.statusCode()).isEqualTo(400);
    assertThat(TestServer.json(u).get("detail").asText()).contains("unknown parameter 'output'");
  }

  @Test
  void a_value_that_reads_as_an_option_stays_a_value() {
    // Passed as --source=--db-url=…: the command refuses the source, it does not switch stores.
    HttpResponse<String> v =
        s.get("/api/gaps?source=--db-url%3Djdbc:sqlite:/tmp/elsewhere.db", Role.VIEWER);
    assertThat(v.statusCode()).as(v.body()).isEqualTo(400);
    assertThat(TestServer.json(v).get("detail").asText()).contains("--db-url=jdbc:sqlite");
    HttpResponse<String> p = s.post("/api/tokens/--all/revoke", Role.ADMIN, "");
    assertThat(p.statusCode()).as(p.body()).isEqualTo(400);
    assertThat(TestServer.json(p).get("detail").asText()).contains("cannot start with '-'");
  }

  @Test
  void the_audit_trail_pages_with_a_cursor_in_rows_of_aurum_audit_log() throws Exception {
    JsonNode first = TestServer.json(s.get("/api/audit?limit=2", Role.VIEWER));
    assertThat(
            JsonSchemas.problems(
                Files.readString(SCHEMAS.resolve("audit-log.schema.json")),
                first.get("entries").toString()))
        .isEmpty();
    assertThat(first.get("entries")).hasSize(2);
    String cursor = first.get("next_cursor").asText();
    JsonNode second = TestServer.json(s.get("/api/audit?limit=2&cursor=" + cursor, Role.VIEWER));
    assertThat(second.get("entries").get(0).get("seq").asLong())
        .isGreaterThan(first.get("entries").get(1).get("seq").asLong());
  }

  @Test
  void an_admin_makes_and_revokes_a_token_and_the_audit_names_it() {
    HttpResponse<String> made =
        s.post("/api/tokens", Role.ADMIN, "{\"role\":\"viewer\",\"name\":\"grafana\"}");
    assertThat(made.statusCode()).as(made.body()).isEqualTo(200);
    String token = TestServer.json(made).get("token").asText();
    assertThat(token).startsWith("aurum_");
    assertThat(
            s.send(
                    java.net.http.HttpRequest.newBuilder(
                            java.net.URI.create(s.base() + "/api/operations"))
                        .GET(),
                    token)
                .statusCode())
        .isEqualTo(200);
    assertThat(s.post("/api/tokens/grafana/revoke", Role.ADMIN, "").statusCode()).isEqualTo(200);
    assertThat(
            s.send(
                    java.net.http.HttpRequest.newBuilder(
                            java.net.URI.create(s.base() + "/api/operations"))
                        .GET(),
                    token)
                .statusCode())
        .isEqualTo(401);
    HttpResponse<String> again = s.post("/api/tokens/grafana/revoke", Role.ADMIN, "");
    assertThat(again.statusCode()).isEqualTo(404);
    assertThat(TestServer.json(again).get("exit_code").asInt()).isEqualTo(3);
    assertThat(s.get("/api/audit?limit=500", Role.VIEWER).body()).contains("token:test-admin");
  }

  @Test
  void an_emergency_stop_dry_run_changes_nothing() {
    HttpResponse<String> r =
        s.post(
            "/api/emergency/stop",
            Role.ADMIN,
            "{\"all\":true,\"reason\":\"drill\",\"dry_run\":true}");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    assertThat(TestServer.json(s.get("/api/emergency", Role.VIEWER)).toString())
        .doesNotContain("drill");
  }

  @Test
  void a_command_run_for_a_route_keeps_the_servers_log_format_and_level() {
    java.io.StringWriter sink = new java.io.StringWriter();
    io.aurum.app.cli.CliContext cli =
        new io.aurum.app.cli.CliContext(
            fx.env(),
            new java.io.PrintWriter(sink),
            new java.io.PrintWriter(sink),
            java.time.Clock.systemUTC());
    // As if the server had been started with --log-format json --log-level DEBUG.
    io.aurum.app.cli.Cli.commandLine(cli)
        .execute("--log-format", "json", "--log-level", "DEBUG", "ops", "list");
    try {
      java.util.List<String> before = io.aurum.app.cli.Logging.currentFlags();
      assertThat(before).containsExactly("--log-format", "json", "--log-level", "DEBUG");
      assertThat(s.get("/api/quotas", Role.VIEWER).statusCode()).isEqualTo(200);
      assertThat(io.aurum.app.cli.Logging.currentFlags()).isEqualTo(before);
    } finally {
      io.aurum.app.cli.Cli.commandLine(cli).execute("--log-format", "text", "ops", "list");
    }
  }

  @Test
  void the_operations_list_pages_with_a_cursor_and_filters_on_the_shown_state() {
    JsonNode first = TestServer.json(s.get("/api/operations?limit=1", Role.VIEWER));
    assertThat(first.get("operations")).hasSize(1);
    String cursor = first.get("next_cursor").asText();
    JsonNode second =
        TestServer.json(s.get("/api/operations?limit=1&cursor=" + cursor, Role.VIEWER));
    assertThat(second.get("operations")).hasSize(1);
    assertThat(second.get("next_cursor").isNull()).isTrue();
    assertThat(second.get("operations").get(0).get("operation_id").asText())
        .isNotEqualTo(first.get("operations").get(0).get("operation_id").asText());
    JsonNode paused = TestServer.json(s.get("/api/operations?state=paused", Role.VIEWER));
    assertThat(paused.get("operations")).hasSize(1);
    assertThat(paused.get("operations").get(0).get("operation_id").asText())
        .isEqualTo("SEEDED_PAUSED");
    assertThat(
            TestServer.json(s.get("/api/operations?since=2999-01-01", Role.VIEWER))
                .get("operations"))
        .isEmpty();
  }
}
