package io.aurum.app.server;

import io.aurum.core.error.AurumException;
import io.aurum.core.model.Role;
import io.javalin.http.Context;
import io.javalin.http.sse.SseHandler;
import java.util.List;

/**
 * Server-sent events (viewer): the active operations ({@code event: operations}, a JSON array of
 * the operations list's rows) and one operation's progress ({@code event: progress}, one row), both
 * fed by the server's one {@link ProgressFeed}.
 */
final class EventRoutes {
  private EventRoutes() {}

  static List<Route> routes(Api api) {
    SseHandler stream = new SseHandler(client -> api.feed().subscribeList(client));
    return List.of(
        Route.get(
            "/api/events/operations",
            Role.VIEWER,
            ctx -> {
              noParameters(ctx);
              stream.handle(ctx);
            },
            "Active operations' progress as server-sent events"),
        Route.get(
            "/api/operations/{id}/events",
            Role.VIEWER,
            ctx -> {
              noParameters(ctx);
              String id = api.runs().service().get(ctx.pathParam("id")).id();
              new SseHandler(client -> api.feed().subscribe(id, client)).handle(ctx);
            },
            "An operation's progress as server-sent events"));
  }

  /**
   * A stream is asked for as one and takes no parameters; one sent is a mistake worth saying, not a
   * stream to ignore.
   */
  private static void noParameters(Context ctx) {
    String accept = ctx.header("Accept");
    if (accept == null || !accept.contains("text/event-stream")) {
      // Javalin streams only to a client that asks for a stream; say so rather than answer nothing.
      throw new AurumException.BadInput(
          "GET " + ctx.endpoint().path + " is an event stream: send Accept: text/event-stream");
    }
    if (!ctx.queryParamMap().isEmpty()) {
      throw new AurumException.BadInput(
          "unknown parameter '"
              + ctx.queryParamMap().keySet().iterator().next()
              + "' for GET "
              + ctx.endpoint().path
              + ": an event stream takes none");
    }
  }
}
