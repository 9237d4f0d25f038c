package io.aurum.app.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.aurum.app.cli.ApiChecks;
import io.aurum.core.model.Operation;
import io.aurum.core.model.Priority;
import io.aurum.core.model.Role;
import io.aurum.core.model.SourceId;
import io.aurum.core.model.TaskDraft;
import io.aurum.core.usecase.ReprocessRequest;
import io.aurum.core.usecase.Reprocesses;
import io.aurum.core.usecase.Tuning;
import io.javalin.http.Context;
import java.util.List;
import java.util.Set;

/**
 * {@code POST /api/reprocesses} (operator): the JSON body is a {@link ReprocessRequest} (its scope
 * by {@code type}), validated by the same rules as {@code aurum reprocess}. {@code dry_run} answers
 * the tasks; otherwise it runs in this server (202), its rollback plan enforced when it ends.
 */
final class ReprocessRoutes {
  static final Set<String> KNOWN =
      Set.of(
          "source",
          "type",
          "date",
          "hours",
          "start_time",
          "end_time",
          "base_date",
          "incremental_field",
          "failures",
          "datasets",
          "max_concurrent",
          "batch_size",
          "max_attempts",
          "priority",
          "reason",
          "validation_script",
          "rollback_plan",
          "resolution_strategy",
          "validation_threshold",
          "no_start",
          "dry_run");

  private ReprocessRoutes() {}

  static List<Route> routes(Api api) {
    return List.of(
        Route.post(
            "/api/reprocesses",
            Role.OPERATOR,
            ctx -> reprocess(api, ctx),
            "Start a partial reprocess in the server, or list its tasks with dry_run"));
  }

  private static void reprocess(Api api, Context ctx) {
    JsonNode body = Json.body(ctx);
    Fields.known(body, KNOWN, "reprocess");
    Fields.require(body, "reprocess", "source");
    Integer attempts = Fields.integer(body, "max_attempts");
    String threshold = Fields.text(body, "validation_threshold");
    ReprocessRequest request =
        new ReprocessRequest(
            SourceId.parse(Fields.text(body, "source")),
            ReprocessScope.of(body),
            Fields.list(body, "datasets"),
            new Tuning(
                Fields.integer(body, "max_concurrent"),
                Fields.integer(body, "batch_size"),
                attempts == null ? null : attempts - 1,
                null,
                null,
                null,
                null,
                null),
            body.hasNonNull("priority") ? Priority.parse(Fields.text(body, "priority")) : null,
            Fields.text(body, "reason"),
            ReplayRoutes.script(body, "validation_script"),
            Fields.text(body, "rollback_plan"),
            Fields.text(body, "resolution_strategy"),
            threshold == null ? null : BackfillRoutes.number(threshold, "validation_threshold"),
            BackfillRoutes.FIELDS);
    Reprocesses reprocesses = ApiChecks.reprocesses(api.app());
    Reprocesses.Prepared prepared = reprocesses.prepare(request);
    Reprocesses.Planned plan = reprocesses.plan(prepared, api.app().store());
    if (Fields.bool(body, "dry_run")) {
      ObjectNode n = Json.MAPPER.createObjectNode().put("operation_id", prepared.operationId());
      n.put("windows", plan.windows()).put("requests", plan.requests());
      var tasks = n.putArray("tasks");
      for (TaskDraft t : plan.tasks()) {
        tasks.addObject().put("partition", t.partition().toString()).put("window", t.window());
      }
      Json.answer(ctx, n);
      return;
    }
    ApiChecks.credentials(api.app(), prepared.spec().source(), prepared.spec().datasets());
    String actor = Auth.actor(ctx);
    Operation op =
        reprocesses.create(plan, request.priority(), request.reason(), actor, api.app().store());
    ctx.header("Location", "/api/operations/" + op.id());
    if (Fields.bool(body, "no_start")) {
      ControlRoutes.state(api, ctx, op.id(), 201);
      return;
    }
    Double below = prepared.rollbackBelow();
    api.runs()
        .start(
            op.id(),
            (service, live) -> {
              var outcome = service.start(op.id(), actor, live);
              if (below != null) {
                reprocesses.enforceRollbackPlan(
                    op.id(), below, api.app().store(), api.app().rollbacks(), actor);
              }
              return outcome;
            });
    ControlRoutes.state(api, ctx, op.id(), 202);
  }
}
