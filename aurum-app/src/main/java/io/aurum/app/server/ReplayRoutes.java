package io.aurum.app.server;

import com.fasterxml.jackson.databind.JsonNode;
import io.aurum.app.cli.ApiChecks;
import io.aurum.core.error.AurumException;
import io.aurum.core.model.OperationSpec;
import io.aurum.core.model.Priority;
import io.aurum.core.model.Role;
import io.aurum.core.model.SourceId;
import io.aurum.core.usecase.ReplayRequest;
import io.aurum.core.usecase.ReplayRequest.Kind;
import io.aurum.core.usecase.Replays;
import io.aurum.core.usecase.Script;
import io.javalin.http.Context;
import java.util.List;
import java.util.Set;

/**
 * {@code POST /api/replays} (operator): the JSON body is a {@link ReplayRequest}, validated by the
 * same rules as {@code aurum replay} and named by its fields. Scripts travel as their text ({@code
 * {"name": "fix.json", "text": "…"}}) or a plugin's name ({@code {"plugin": "Name"}}). The replay
 * is created and runs in this server (202), or stays PLANNED with {@code no_start}.
 */
final class ReplayRoutes {
  static final Set<String> KNOWN =
      Set.of(
          "source",
          "start_date",
          "end_date",
          "datasets",
          "as_of",
          "type",
          "schema_version",
          "migration_script",
          "quality_profile",
          "validation_threshold",
          "algorithm_version",
          "algorithm_params",
          "custom_transform",
          "validation_script",
          "concurrency",
          "resolution_strategy",
          "priority",
          "reason",
          "no_start");

  private ReplayRoutes() {}

  static List<Route> routes(Api api) {
    return List.of(
        Route.post(
            "/api/replays",
            Role.OPERATOR,
            ctx -> replay(api, ctx),
            "Start a replay in the server"));
  }

  private static void replay(Api api, Context ctx) {
    JsonNode body = Json.body(ctx);
    Fields.known(body, KNOWN, "replay");
    Fields.require(body, "replay", "source", "start_date", "end_date");
    String src = Fields.text(body, "source");
    String type = Fields.text(body, "type");
    String algorithm = Fields.text(body, "algorithm_version");
    String params = Fields.text(body, "algorithm_params");
    String profile = Fields.text(body, "quality_profile");
    String threshold = Fields.text(body, "validation_threshold");
    ReplayRequest request =
        new ReplayRequest(
            SourceId.parse(src),
            BackfillRoutes.date(body, "start_date"),
            BackfillRoutes.date(body, "end_date"),
            Fields.list(body, "datasets"),
            body.hasNonNull("as_of") ? BackfillRoutes.date(body, "as_of") : null,
            kind(type, body, profile, algorithm, params),
            profile,
            type == null && algorithm != null ? new Kind.AlgorithmUpdate(algorithm, params) : null,
            script(body, "custom_transform"),
            script(body, "validation_script"),
            threshold == null ? null : BackfillRoutes.number(threshold, "validation_threshold"),
            Fields.integer(body, "concurrency"),
            Fields.text(body, "resolution_strategy"),
            body.hasNonNull("priority") ? Priority.parse(Fields.text(body, "priority")) : null,
            Fields.text(body, "reason"),
            BackfillRoutes.FIELDS);
    Replays replays = ApiChecks.replays(api.app());
    OperationSpec spec = replays.prepare(request);
    ApiChecks.credentials(api.app(), spec.source(), spec.datasets());
    String actor = Auth.actor(ctx);
    Replays.Created c =
        replays.create(spec, request.priority(), request.reason(), actor, api.app().store());
    String id = c.operation().id();
    ctx.header("Location", "/api/operations/" + id);
    if (Fields.bool(body, "no_start")) {
      ControlRoutes.state(api, ctx, id, 201);
      return;
    }
    api.runs().start(id, (service, live) -> service.start(id, actor, live));
    ControlRoutes.state(api, ctx, id, 202);
  }

  private static Kind kind(
      String type, JsonNode body, String profile, String algorithm, String params) {
    if (type == null) {
      return null;
    }
    return switch (type) {
      case "schema_correction" ->
          new Kind.SchemaCorrection(
              Fields.text(body, "schema_version"), script(body, "migration_script"));
      case "quality_improvement" -> new Kind.QualityImprovement(profile);
      case "algorithm_update" -> new Kind.AlgorithmUpdate(algorithm, params);
      default ->
          throw new AurumException.BadInput(
              "unknown replay type '"
                  + type
                  + "': use schema_correction, quality_improvement or algorithm_update");
    };
  }

  /** A script field: {"name", "text"} or {"plugin"}; null when absent. */
  static Script script(JsonNode body, String field) {
    JsonNode n = body.get(field);
    if (n == null || n.isNull()) {
      return null;
    }
    if (n.hasNonNull("plugin")) {
      return new Script.Plugin(n.get("plugin").asText());
    }
    if (n.hasNonNull("name") && n.hasNonNull("text")) {
      return new Script.Text(n.get("name").asText(), n.get("text").asText());
    }
    throw new AurumException.BadInput(
        field
            + " is not a script: send {\"name\": \"fix.json\", \"text\": \"…\"} or {\"plugin\": \"Name\"}");
  }
}
