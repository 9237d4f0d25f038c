package io.aurum.app.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.aurum.app.testing.CliFixture;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The hand-written OpenAPI 3.1 document, as the server serves it, parses without a message, and it
 * and the route table describe the same routes with the same least roles.
 */
class OpenApiDocumentTest {
  @TempDir Path tmp;

  @Test
  void the_document_parses_and_matches_the_route_table_route_for_route() {
    try (CliFixture fx = new CliFixture(tmp, false, 1000, 4);
        TestServer s = new TestServer(fx)) {
      HttpResponse<String> r = s.get("/openapi.json", null);
      assertThat(r.statusCode()).isEqualTo(200);
      ParseOptions o = new ParseOptions();
      o.setResolve(true);
      SwaggerParseResult parsed = new OpenAPIV3Parser().readContents(r.body(), null, o);
      assertThat(parsed.getMessages()).isEmpty();
      OpenAPI api = parsed.getOpenAPI();
      assertThat(api.getOpenapi()).isEqualTo("3.1.0");

      Map<String, String> documented = new TreeMap<>();
      api.getPaths()
          .forEach(
              (path, item) ->
                  item.readOperationsMap()
                      .forEach((m, op) -> documented.put(m.name() + " " + path, role(op))));
      Map<String, String> routed = new TreeMap<>();
      for (Route route : s.server.routes()) {
        routed.put(
            route.method().name().toUpperCase(Locale.ROOT) + " " + route.path(),
            route.least() == null ? "none" : route.least().cliName());
      }
      Set<String> undocumented = new TreeSet<>(routed.keySet());
      undocumented.removeAll(documented.keySet());
      Set<String> unrouted = new TreeSet<>(documented.keySet());
      unrouted.removeAll(routed.keySet());
      assertThat(undocumented).as("routes missing from openapi.json").isEmpty();
      assertThat(unrouted).as("paths of openapi.json no route serves").isEmpty();
      assertThat(documented).as("x-aurum-role of each operation").isEqualTo(routed);
    }
  }

  @Test
  void swagger_ui_is_served_from_its_webjar() {
    try (CliFixture fx = new CliFixture(tmp, false, 1000, 4);
        TestServer s = new TestServer(fx)) {
      HttpResponse<String> page = s.get("/api-docs", null);
      assertThat(page.statusCode()).isEqualTo(200);
      assertThat(page.body()).contains("/openapi.json").contains(SystemRoutes.SWAGGER_UI);
      HttpResponse<String> bundle = s.get(SystemRoutes.SWAGGER_UI + "/swagger-ui-bundle.js", null);
      assertThat(bundle.statusCode()).isEqualTo(200);
      assertThat(bundle.body()).contains("SwaggerUIBundle");
    }
  }

  private static String role(Operation op) {
    Object r = op.getExtensions() == null ? null : op.getExtensions().get("x-aurum-role");
    return r == null ? "none" : r.toString();
  }
}
