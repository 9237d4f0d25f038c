package io.aurum.app.server;

import io.aurum.core.config.AurumConfig;
import io.aurum.core.model.Role;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Probes, metrics and the API's own description: {@code /health/live}, {@code /health/ready} (the
 * store answers, the configuration loads), {@code /metrics} (viewer), {@code /openapi.json} and
 * Swagger UI at {@code /api-docs}.
 */
final class SystemRoutes {
  static final String SWAGGER_UI = "/webjars/swagger-ui/5.35.0";

  private SystemRoutes() {}

  static List<Route> routes(Api api) {
    return List.of(
        Route.get(
            "/health/live", null, ctx -> Json.answer(ctx, Map.of("status", "up")), "Liveness"),
        Route.get(
            "/health/ready", null, ctx -> ready(api, ctx), "Readiness: store and configuration"),
        Route.get("/metrics", Role.VIEWER, ctx -> metrics(api, ctx), "Prometheus metrics"),
        Route.get("/openapi.json", null, SystemRoutes::openapi, "This API's OpenAPI 3.1 document"),
        Route.get("/api-docs", null, SystemRoutes::swaggerUi, "Swagger UI over /openapi.json"));
  }

  private static void ready(Api api, Context ctx) {
    try {
      api.app().store().operations().list(Set.of(io.aurum.core.model.OperationState.RUNNING));
      AurumConfig.load(api.app().locations().configDir());
    } catch (RuntimeException e) {
      Problems.write(ctx, 503, "not_ready", 1, "not ready: " + e.getMessage());
      return;
    }
    Json.answer(ctx, Map.of("status", "ready", "store", api.app().store().describe()));
  }

  private static void metrics(Api api, Context ctx) {
    ctx.contentType("text/plain; version=0.0.4; charset=utf-8").result(api.metrics().scrape());
  }

  private static void openapi(Context ctx) throws IOException {
    try (InputStream in = SystemRoutes.class.getResourceAsStream("/openapi.json")) {
      ctx.contentType("application/json")
          .result(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    }
  }

  private static void swaggerUi(Context ctx) {
    ctx.contentType("text/html; charset=utf-8")
        .result(
            "<!doctype html><html><head><meta charset=\"utf-8\"><title>Aurum API</title>"
                + "<link rel=\"stylesheet\" href=\""
                + SWAGGER_UI
                + "/swagger-ui.css\"></head><body><div id=\"swagger-ui\"></div>"
                + "<script src=\""
                + SWAGGER_UI
                + "/swagger-ui-bundle.js\"></script><script>"
                + "window.ui = SwaggerUIBundle({url: '/openapi.json', dom_id: '#swagger-ui'});"
                + "</script></body></html>");
  }
}
