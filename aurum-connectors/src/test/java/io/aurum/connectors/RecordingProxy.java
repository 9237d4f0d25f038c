package io.aurum.connectors;

import com.sun.net.httpserver.HttpServer;
import io.aurum.sandbox.SandboxRequest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A local HTTP proxy in front of the sandbox that remembers every request a connector sends
 * (method, path, decoded query, body) and passes it on unchanged, so a test can check each request
 * against the API's limits while the sandbox answers as usual.
 */
public final class RecordingProxy implements AutoCloseable {
  /** One request as the connector sent it. */
  public record Request(String method, String path, Map<String, List<String>> query, String body) {
    public String first(String name) {
      List<String> v = query.get(name);
      return v == null || v.isEmpty() ? null : v.get(0);
    }

    public List<String> all(String name) {
      return query.getOrDefault(name, List.of());
    }
  }

  private static final Set<String> HOP_BY_HOP =
      Set.of("host", "connection", "content-length", "expect", "upgrade", "transfer-encoding");

  private final HttpServer server;
  private final HttpClient client = HttpClient.newHttpClient();
  private final List<Request> requests = Collections.synchronizedList(new ArrayList<>());

  public RecordingProxy(String targetBaseUrl) {
    try {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.createContext(
        "/",
        ex -> {
          try {
            byte[] in = ex.getRequestBody().readAllBytes();
            URI uri = ex.getRequestURI();
            requests.add(
                new Request(
                    ex.getRequestMethod(),
                    uri.getPath(),
                    SandboxRequest.parseQuery(uri.getRawQuery()),
                    new String(in, StandardCharsets.UTF_8)));
            HttpRequest.Builder out =
                HttpRequest.newBuilder(
                        URI.create(
                            targetBaseUrl
                                + uri.getRawPath()
                                + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery())))
                    .method(ex.getRequestMethod(), HttpRequest.BodyPublishers.ofByteArray(in));
            ex.getRequestHeaders()
                .forEach(
                    (name, values) -> {
                      if (!HOP_BY_HOP.contains(name.toLowerCase(Locale.ROOT))) {
                        values.forEach(v -> out.header(name, v));
                      }
                    });
            HttpResponse<byte[]> answer =
                client.send(out.build(), HttpResponse.BodyHandlers.ofByteArray());
            answer
                .headers()
                .map()
                .forEach(
                    (name, values) -> {
                      if (!HOP_BY_HOP.contains(name.toLowerCase(Locale.ROOT))
                          && !name.startsWith(":")) {
                        ex.getResponseHeaders().put(name, values);
                      }
                    });
            byte[] body = answer.body();
            ex.sendResponseHeaders(answer.statusCode(), body.length == 0 ? -1 : body.length);
            if (body.length > 0) {
              ex.getResponseBody().write(body);
            }
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            ex.sendResponseHeaders(502, -1);
          } finally {
            ex.close();
          }
        });
    server.start();
  }

  public String baseUrl() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  /** Every request so far, in arrival order. */
  public List<Request> requests() {
    synchronized (requests) {
      return List.copyOf(requests);
    }
  }

  public void clear() {
    requests.clear();
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
