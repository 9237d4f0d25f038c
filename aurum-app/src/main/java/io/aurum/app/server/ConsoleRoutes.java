package io.aurum.app.server;

import io.aurum.core.model.Role;
import io.javalin.http.Context;
import io.javalin.http.Cookie;
import io.javalin.http.HandlerType;
import io.javalin.http.SameSite;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;

/**
 * The web console's routes: its pages (viewer; a page renders the controls of the session's role
 * only), the login page, the session (the token, checked like any bearer token, kept in an HttpOnly
 * cookie that scripts cannot read) and the console's script and style sheet.
 */
final class ConsoleRoutes {
  private static final Map<String, String> ASSETS =
      Map.of("console.js", "text/javascript", "console.css", "text/css");

  private ConsoleRoutes() {}

  static List<Route> routes(Api api) {
    Role v = Role.VIEWER;
    return List.of(
        Route.get("/console/login", null, ConsoleRoutes::login, "Console: sign in with a token"),
        Route.post(
            "/console/session", v, ConsoleRoutes::session, "Console: keep the token as a session"),
        Route.post("/console/logout", null, ConsoleRoutes::logout, "Console: end the session"),
        Route.get("/console/assets/{name}", null, ConsoleRoutes::asset, "Console: script, styles"),
        Route.get("/console", v, ctx -> HomePage.render(api, ctx), "Console: operations"),
        Route.get(
            "/console/operations/{id}",
            v,
            ctx -> OperationPage.render(api, ctx),
            "Console: an operation, its partition grid and tasks"),
        Route.get("/console/gaps", v, ViewPages::gaps, "Console: gap calendar per source"),
        Route.get("/console/quotas", v, ViewPages::quotas, "Console: quota headroom and 429s"),
        Route.get("/console/quality", v, ViewPages::quality, "Console: quality results"),
        Route.get("/console/costs", v, ViewPages::costs, "Console: costs"),
        Route.get("/console/alerts", v, ViewPages::alerts, "Console: alerts"),
        Route.get("/console/audit", v, ViewPages::audit, "Console: the audit trail"),
        Route.get(
            "/api/quotas/history",
            v,
            ctx -> QuotaHistory.answer(api, ctx),
            "Per-minute upstream requests, 429s and quota headroom of a source"));
  }

  /** A console page a browser asked for: a refused session goes to the login page. */
  static boolean isPage(Context ctx) {
    String accept = ctx.header("Accept");
    return ctx.method() == HandlerType.GET
        && accept != null
        && accept.contains("text/html")
        && ctx.path().startsWith("/console")
        && !ctx.path().startsWith("/console/assets");
  }

  private static void login(Context ctx) {
    ctx.contentType("text/html; charset=utf-8")
        .result(
            "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Sign in ·"
                + " Aurum</title><link rel=\"stylesheet\" href=\"/console/assets/console.css\">"
                + "</head><body><main id=\"main\"><h1>Aurum console</h1>"
                + "<form id=\"login\" class=\"card\"><label for=\"token\">API token</label>"
                + "<input id=\"token\" name=\"token\" type=\"password\" autocomplete=\"off\""
                + " required aria-describedby=\"token-help\">"
                + "<p id=\"token-help\" class=\"help\">Paste a token made with <code>aurum tokens"
                + " create</code>. It is kept in a cookie scripts cannot read, for this browser"
                + " session.</p><button type=\"submit\">Sign in</button>"
                + "<p id=\"login-error\" class=\"error\" role=\"alert\"></p></form></main>"
                + "<script src=\"/console/assets/console.js\"></script></body></html>");
  }

  private static void session(Context ctx) {
    String token = ctx.header("Authorization").substring(7).trim();
    Cookie c = new Cookie(Auth.COOKIE, token);
    c.setHttpOnly(true);
    c.setSecure("https".equals(ctx.scheme()));
    c.setSameSite(SameSite.STRICT);
    c.setPath("/");
    ctx.cookie(c);
    Json.answer(ctx, Map.of("role", Auth.role(ctx).cliName(), "actor", Auth.actor(ctx)));
  }

  private static void logout(Context ctx) {
    ctx.removeCookie(Auth.COOKIE, "/");
    ctx.status(204);
  }

  private static void asset(Context ctx) throws IOException {
    String file = ctx.pathParam("name");
    String type = ASSETS.get(file);
    if (type == null) {
      throw new io.aurum.core.error.AurumException.NotFound(
          "no console asset " + file + ": the console serves " + ASSETS.keySet());
    }
    try (InputStream in = ConsoleRoutes.class.getResourceAsStream("/console/" + file)) {
      ctx.contentType(type + "; charset=utf-8").header("Cache-Control", "no-cache");
      ctx.result(in.readAllBytes());
    }
  }
}
