package io.aurum.app.server;

import io.aurum.core.model.Role;
import io.javalin.http.Handler;
import io.javalin.http.HandlerType;

/**
 * One row of the server's route table: what Javalin serves, what the role check demands, and what
 * the OpenAPI document must describe. {@code least} is the least role the route needs; null means
 * no token at all (health probes, the API document). The handler may answer JSON, a page of HTML
 * or, through Javalin's {@code SseHandler}, a stream of server-sent events: the table holds them
 * all.
 */
public record Route(HandlerType method, String path, Role least, Handler handler, String summary) {

  public static Route get(String path, Role least, Handler h, String summary) {
    return new Route(HandlerType.GET, path, least, h, summary);
  }

  public static Route post(String path, Role least, Handler h, String summary) {
    return new Route(HandlerType.POST, path, least, h, summary);
  }

  public static Route delete(String path, Role least, Handler h, String summary) {
    return new Route(HandlerType.DELETE, path, least, h, summary);
  }

  /** Whether anyone may call it, with no token. */
  public boolean open() {
    return least == null;
  }

  /** {@code GET /api/operations}, as the tests and logs name a route. */
  @Override
  public String toString() {
    return method + " " + path;
  }
}
