package io.aurum.connectors;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.List;
import java.util.Map;

/**
 * A tiny local HTTP server answering with queued recorded-shape payloads (the last one repeats),
 * remembering every request's URI, headers and body.
 */
public final class RecordedServer implements AutoCloseable {
  /** One canned answer. */
  public record Answer(int status, String contentType, Map<String, String> headers, byte[] body) {
    public static Answer json(int status, String body) {
      return new Answer(
          status, "application/json", Map.of(), body.getBytes(StandardCharsets.UTF_8));
    }
  }

  /** One request as received. */
  public record Seen(URI uri, Map<String, List<String>> headers, String body) {
    public String header(String name) {
      for (var e : headers.entrySet()) {
        if (e.getKey().equalsIgnoreCase(name)) {
          return e.getValue().get(0);
        }
      }
      return null;
    }
  }

  private final HttpServer server;
  private final Deque<Answer> answers = new ArrayDeque<>();
  private final List<Seen> seen = Collections.synchronizedList(new ArrayList<>());

  public RecordedServer() {
    try {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.createContext(
        "/",
        ex -> {
          byte[] in = ex.getRequestBody().readAllBytes();
          seen.add(
              new Seen(
                  ex.getRequestURI(),
                  Map.copyOf(ex.getRequestHeaders()),
                  new String(in, StandardCharsets.UTF_8)));
          Answer a;
          synchronized (answers) {
            a = answers.size() > 1 ? answers.poll() : answers.peek();
          }
          ex.getResponseHeaders().set("Content-Type", a.contentType());
          a.headers().forEach((k, v) -> ex.getResponseHeaders().set(k, v));
          ex.sendResponseHeaders(a.status(), a.body().length == 0 ? -1 : a.body().length);
          if (a.body().length > 0) {
            ex.getResponseBody().write(a.body());
          }
          ex.close();
        });
    server.start();
  }

  public RecordedServer answer(Answer... queued) {
    synchronized (answers) {
      answers.clear();
      answers.addAll(List.of(queued));
    }
    return this;
  }

  public String baseUrl() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  public List<Seen> seen() {
    return List.copyOf(seen);
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
