package io.aurum.app.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.aurum.app.testing.CliFixture;
import io.aurum.core.request.JsonSchemas;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
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
  static final Path DOCUMENT = Path.of("src", "main", "resources", "openapi.json");
  static final Path SCHEMAS = Path.of("..", "docs", "schemas");
  static final ObjectMapper JSON = new ObjectMapper();

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

  @Test
  void every_json_answer_has_a_schema_and_the_commands_ones_are_their_documented_schemas()
      throws Exception {
    String text = Files.readString(DOCUMENT);
    ParseOptions o = new ParseOptions();
    o.setResolve(false);
    OpenAPI api = new OpenAPIV3Parser().readContents(text, null, o).getOpenAPI();
    List<String> vague = new ArrayList<>();
    int checked = 0;
    for (Map.Entry<String, PathItem> p : api.getPaths().entrySet()) {
      for (Map.Entry<PathItem.HttpMethod, Operation> op :
          p.getValue().readOperationsMap().entrySet()) {
        for (Map.Entry<String, ApiResponse> r : op.getValue().getResponses().entrySet()) {
          MediaType json =
              r.getValue().getContent() == null
                  ? null
                  : r.getValue().getContent().get("application/json");
          if (!r.getKey().startsWith("2") || json == null) {
            continue;
          }
          checked++;
          Schema<?> s = json.getSchema();
          boolean described =
              s != null
                  && (s.get$ref() != null
                      || (s.getProperties() != null && !s.getProperties().isEmpty())
                      || s.getItems() != null);
          if (!described) {
            vague.add(op.getKey() + " " + p.getKey() + " " + r.getKey());
          }
        }
      }
    }
    assertThat(checked).isGreaterThan(40);
    assertThat(vague).as("JSON answers without a real schema").isEmpty();

    // The commands' documents are docs/schemas' files, their $defs hoisted as NAME.DEF.
    JsonNode components = JSON.readTree(text).path("components").path("schemas");
    int embedded = 0;
    for (Iterator<String> names = components.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      Path file = SCHEMAS.resolve(name + ".schema.json");
      if (!Files.exists(file)) {
        continue;
      }
      embedded++;
      String hoisted =
          Files.readString(file).replace("\"#/$defs/", "\"#/components/schemas/" + name + ".");
      ObjectNode doc = (ObjectNode) JSON.readTree(hoisted);
      JsonNode defs = doc.remove("$defs");
      doc.remove(List.of("$schema", "$id"));
      assertThat(components.get(name))
          .as("%s differs from %s: copy it into openapi.json", name, file)
          .isEqualTo(doc);
      if (defs != null) {
        defs.fields()
            .forEachRemaining(
                d ->
                    assertThat(components.get(name + "." + d.getKey()))
                        .as("%s.%s differs from %s", name, d.getKey(), file)
                        .isEqualTo(d.getValue()));
      }
    }
    assertThat(embedded).isGreaterThanOrEqualTo(15);
  }

  @Test
  void the_probes_answer_what_their_schemas_say() throws Exception {
    JsonNode paths = JSON.readTree(Files.readString(DOCUMENT)).path("paths");
    try (CliFixture fx = new CliFixture(tmp, false, 1000, 4);
        TestServer s = new TestServer(fx)) {
      for (String probe : List.of("/health/live", "/health/ready")) {
        String schema =
            paths
                .path(probe)
                .path("get")
                .path("responses")
                .path("200")
                .path("content")
                .path("application/json")
                .path("schema")
                .toString();
        HttpResponse<String> r = s.get(probe, null);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(JsonSchemas.problems(schema, r.body())).as(probe + " " + r.body()).isEmpty();
      }
    }
  }

  private static String role(Operation op) {
    Object r = op.getExtensions() == null ? null : op.getExtensions().get("x-aurum-role");
    return r == null ? "none" : r.toString();
  }
}
