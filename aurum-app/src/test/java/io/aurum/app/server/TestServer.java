package io.aurum.app.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.aurum.app.cli.CliContext;
import io.aurum.app.cli.CommonOptions;
import io.aurum.app.testing.CliFixture;
import io.aurum.app.wiring.AppContext;
import io.aurum.app.wiring.Locations;
import io.aurum.core.model.Role;
import io.aurum.core.usecase.Tokens;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.util.EnumMap;
import java.util.Map;

/**
 * A real {@code aurum serve} on a free port over a {@link CliFixture}'s store and configuration,
 * with a token of each role and a real HTTP client.
 */
final class TestServer implements AutoCloseable {
  static final ObjectMapper JSON = new ObjectMapper();

  final AppContext app;
  final AurumServer server;
  final Map<Role, String> tokens = new EnumMap<>(Role.class);
  private final HttpClient http = HttpClient.newHttpClient();

  TestServer(CliFixture fx) {
    StringWriter sink = new StringWriter();
    CliContext cli =
        new CliContext(
            fx.env(), new PrintWriter(sink, true), new PrintWriter(sink, true), Clock.systemUTC());
    this.app = AppContext.create(cli, Locations.resolve(new CommonOptions(), cli));
    this.server = AurumServer.start(new Api(app), ServerOptions.local(0));
    Tokens t = new Tokens(app.store());
    for (Role r : Role.values()) {
      String name = "test-" + r.cliName();
      if (t.list(false).stream().anyMatch(k -> k.name().equals(name))) {
        t.revoke(name, "test"); // made by an earlier server on this store
      }
      tokens.put(r, t.create(name, r, "test").token());
    }
  }

  String base() {
    return "http://127.0.0.1:" + server.port();
  }

  HttpResponse<String> get(String path, Role as) {
    return send(
        HttpRequest.newBuilder(URI.create(base() + path)).GET(),
        as == null ? null : tokens.get(as));
  }

  HttpResponse<String> post(String path, Role as, String body) {
    return send(
        HttpRequest.newBuilder(URI.create(base() + path))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body)),
        as == null ? null : tokens.get(as));
  }

  HttpResponse<String> send(HttpRequest.Builder b, String token) {
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    try {
      return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  static JsonNode json(HttpResponse<String> r) {
    try {
      return JSON.readTree(r.body());
    } catch (Exception e) {
      throw new IllegalStateException(r.body(), e);
    }
  }

  @Override
  public void close() {
    server.close();
    app.close();
  }
}
