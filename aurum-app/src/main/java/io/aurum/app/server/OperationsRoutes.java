package io.aurum.app.server;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.aurum.app.cli.ApiViews;
import io.aurum.core.engine.RunnerLiveness;
import io.aurum.core.error.AurumException;
import io.aurum.core.model.Operation;
import io.aurum.core.model.OperationType;
import io.aurum.core.model.Role;
import io.aurum.core.model.SourceId;
import io.aurum.core.model.Task;
import io.aurum.core.model.TaskState;
import io.aurum.core.ops.OperationService;
import io.javalin.http.Context;
import java.time.Instant;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Reading operations: the list (filters state, source, type, since; paged by limit and cursor), one
 * operation as {@code aurum status --format json} shows it, and its tasks.
 */
final class OperationsRoutes {
  private OperationsRoutes() {}

  static List<Route> routes(Api api) {
    return List.of(
        Route.get("/api/operations", Role.VIEWER, ctx -> list(api, ctx), "List operations"),
        Route.get(
            "/api/operations/{id}",
            Role.VIEWER,
            ctx ->
                Json.answer(
                    ctx,
                    ApiViews.status(control(api).status(ctx.pathParam("id")), api.app().store())),
            "One operation with its progress (aurum status)"),
        Route.get(
            "/api/operations/{id}/tasks",
            Role.VIEWER,
            ctx -> tasks(api, ctx),
            "An operation's tasks"));
  }

  static OperationService control(Api api) {
    return api.runs().service();
  }

  private static void list(Api api, Context ctx) {
    String state = Query.lower(ctx, "state");
    SourceId source =
        ctx.queryParam("source") == null ? null : SourceId.parse(ctx.queryParam("source"));
    String type = Query.lower(ctx, "type");
    if (type != null
        && EnumSet.allOf(OperationType.class).stream()
            .noneMatch(t -> ApiViews.name(t).equals(type))) {
      throw new AurumException.BadInput(
          "type '"
              + type
              + "' is not an operation type: use backfill, replay, partial, ingest or rollback");
    }
    Instant since = Query.instant(ctx, "since");
    int limit = Query.limit(ctx);
    String cursor = ctx.queryParam("cursor");
    OperationService control = control(api);
    List<Operation> ops =
        api.app().store().operations().list(Set.of()).stream()
            .sorted(
                Comparator.comparing(Operation::createdAt).thenComparing(Operation::id).reversed())
            .toList();
    ObjectNode page = Json.MAPPER.createObjectNode();
    ArrayNode rows = page.putArray("operations");
    boolean past = cursor == null;
    String last = null;
    for (Operation op : ops) {
      if (!past) {
        past = op.id().equals(cursor);
        continue;
      }
      if ((source != null && op.source() != source)
          || (type != null && !ApiViews.name(op.type()).equals(type))
          || (since != null && op.createdAt().isBefore(since))) {
        continue;
      }
      RunnerLiveness.Stall stall = control.stall(op).orElse(null);
      ObjectNode row =
          ApiViews.operationRow(op, api.app().store().operations().progress(op.id()), stall);
      if (state != null && !row.get("state").asText().equals(state)) {
        continue;
      }
      if (rows.size() == limit) {
        page.put("next_cursor", last);
        Json.answer(ctx, page);
        return;
      }
      rows.add(row);
      last = op.id();
    }
    page.putNull("next_cursor");
    Json.answer(ctx, page);
  }

  private static void tasks(Api api, Context ctx) {
    String id = control(api).get(ctx.pathParam("id")).id();
    String state = Query.lower(ctx, "state");
    Set<TaskState> states = EnumSet.allOf(TaskState.class);
    if (state != null) {
      states = EnumSet.noneOf(TaskState.class);
      for (TaskState t : TaskState.values()) {
        if (ApiViews.name(t).equals(state)) {
          states.add(t);
        }
      }
      if (states.isEmpty()) {
        throw new AurumException.BadInput(
            "state '"
                + state
                + "' is not a task state: use pending, running, succeeded, failed, skipped or cancelled");
      }
    }
    ArrayNode arr = Json.MAPPER.createArrayNode();
    int limit = Query.limit(ctx);
    for (Task t : api.app().store().tasks().list(id, states)) {
      if (arr.size() == limit) {
        break;
      }
      arr.addObject()
          .put("partition", t.partition().toString())
          .put("state", ApiViews.name(t.state()))
          .put("attempts", t.attempts())
          .put("error", t.lastError());
    }
    Json.answer(ctx, Json.MAPPER.createObjectNode().put("operation_id", id).set("tasks", arr));
  }
}
