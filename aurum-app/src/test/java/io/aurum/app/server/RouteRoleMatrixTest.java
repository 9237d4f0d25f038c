package io.aurum.app.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.aurum.app.testing.CliFixture;
import io.aurum.core.model.Role;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every route of the table × every role: no token is 401 (open routes excepted), a role below the
 * route's least is 403, the least role gets through (neither 401 nor 403). Ids are unknown and
 * bodies carry an unknown field, so nothing heavy runs.
 */
class RouteRoleMatrixTest {
  @TempDir Path tmp;

  @Test
  void every_route_refuses_no_token_and_lesser_roles_and_admits_its_least() {
    try (CliFixture fx = new CliFixture(tmp, false, 1000, 4);
        TestServer s = new TestServer(fx)) {
      List<String> wrong = new ArrayList<>();
      int calls = 0;
      for (Route r : s.server.routes()) {
        String path = r.path().replace("{id}", "NOPE").replace("{name}", "nope");
        if (!r.open()) {
          expect(wrong, r, "no token", call(s, r, path, null), 401);
          calls++;
        }
        for (Role role : Role.values()) {
          int status = call(s, r, path, s.tokens.get(role)).statusCode();
          calls++;
          boolean admitted = r.open() || role.covers(r.least());
          if (admitted && (status == 401 || status == 403)) {
            wrong.add(r + " as " + role.cliName() + ": " + status + ", expected it admitted");
          } else if (!admitted && status != 403) {
            wrong.add(r + " as " + role.cliName() + ": " + status + ", expected 403");
          }
        }
      }
      assertThat(wrong).isEmpty();
      assertThat(calls).isGreaterThan(s.server.routes().size() * 3);
    }
  }

  private static void expect(
      List<String> wrong, Route r, String as, HttpResponse<String> res, int status) {
    if (res.statusCode() != status) {
      wrong.add(r + " " + as + ": " + res.statusCode() + ", expected " + status);
    } else if (status == 401 && res.headers().firstValue("WWW-Authenticate").isEmpty()) {
      wrong.add(r + " " + as + ": 401 without WWW-Authenticate");
    }
  }

  private static HttpResponse<String> call(TestServer s, Route r, String path, String token) {
    HttpRequest.Builder b;
    if (r.method().name().equals("GET")) {
      String q = path.startsWith("/api/") ? "?zz_unknown=1" : "";
      b = HttpRequest.newBuilder(URI.create(s.base() + path + q)).GET();
    } else {
      b =
          HttpRequest.newBuilder(URI.create(s.base() + path))
              .header("Content-Type", "application/json")
              .method(
                  r.method().name(), HttpRequest.BodyPublishers.ofString("{\"zz_unknown\": 1}"));
    }
    return s.send(b, token);
  }
}
