package io.aurum.app.server;

import com.fasterxml.jackson.databind.JsonNode;
import io.aurum.core.model.Operation;
import io.aurum.core.model.Role;
import io.javalin.http.Context;
import java.util.List;

/**
 * Controlling operations (operator): pause, resume (in this server's process: it takes over a
 * paused, failed or STALLED operation, as {@code aurum resume} does), cancel and adjust.
 */
final class ControlRoutes {
  private ControlRoutes() {}

  static List<Route> routes(Api api) {
    return List.of(
        Route.post(
            "/api/operations/{id}/pause",
            Role.OPERATOR,
            ctx -> pause(api, ctx),
            "Pause an operation"),
        Route.post(
            "/api/operations/{id}/resume",
            Role.OPERATOR,
            ctx -> resume(api, ctx),
            "Resume an operation in the server"),
        Route.post(
            "/api/operations/{id}/cancel",
            Role.OPERATOR,
            ctx -> cancel(api, ctx),
            "Cancel an operation"),
        CommandRoutes.action(
            api,
            "/api/operations/{id}/adjust",
            Role.OPERATOR,
            "Change a live operation's parameters (aurum adjust)",
            false,
            "adjust --job-id {id}",
            "new_concurrency",
            "new_rate_limit",
            "new_batch_size",
            "new_parallelism",
            "new_max_retries"));
  }

  private static void pause(Api api, Context ctx) {
    String id = ctx.pathParam("id");
    api.runs().service().pause(id, Auth.actor(ctx));
    state(api, ctx, id, 200);
  }

  private static void resume(Api api, Context ctx) {
    String id = ctx.pathParam("id");
    Operation op = api.runs().service().get(id);
    Starts.credentials(api, op);
    String actor = Auth.actor(ctx);
    api.runs().start(id, (service, live) -> service.resume(id, actor, live));
    state(api, ctx, id, 202);
  }

  private static void cancel(Api api, Context ctx) {
    String id = ctx.pathParam("id");
    JsonNode body = Json.body(ctx);
    boolean force = Fields.bool(body, "force");
    api.runs().service().cancel(id, force, Auth.actor(ctx));
    state(api, ctx, id, 200);
  }

  /** The operation as {@code GET /api/operations/{id}} shows it, with {@code status}. */
  static void state(Api api, Context ctx, String id, int status) {
    ctx.status(status);
    Json.answer(
        ctx, io.aurum.app.cli.ApiViews.status(api.runs().service().status(id), api.app().store()));
  }
}
