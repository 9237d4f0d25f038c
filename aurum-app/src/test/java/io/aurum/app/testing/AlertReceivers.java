package io.aurum.app.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A local Slack incoming webhook and PagerDuty Events API v2 that refuse what the real services
 * refuse: Slack a body that is not JSON or has neither {@code text} nor {@code blocks} (400
 * invalid_payload / no_text); PagerDuty an unknown routing key, an event_action other than trigger,
 * acknowledge or resolve, no dedup_key, or a trigger without payload.summary, .source or a valid
 * .severity (400 "Event object is invalid"). Accepted bodies are kept in order.
 */
public final class AlertReceivers implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Set<String> SEVERITIES = Set.of("critical", "error", "warning", "info");

  public static final String SLACK_PATH = "/services/T000/B000/secret-webhook-token";
  public static final String ROUTING_KEY = "R0UT1NGKEYsecret0123456789abcdef";

  private final HttpServer server;
  public final List<JsonNode> slack = new CopyOnWriteArrayList<>();
  public final List<JsonNode> pagerDuty = new CopyOnWriteArrayList<>();
  public final List<String> refused = new CopyOnWriteArrayList<>();

  public AlertReceivers() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(SLACK_PATH, this::slack);
    server.createContext("/v2/enqueue", this::pagerDuty);
    server.start();
  }

  public String slackUrl() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + SLACK_PATH;
  }

  public String pagerDutyUrl() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/v2/enqueue";
  }

  /** The environment that points Aurum's HTTP channels here. */
  public Map<String, String> env() {
    return Map.of(
        "AURUM_SLACK_WEBHOOK_URL", slackUrl(),
        "AURUM_PAGERDUTY_ROUTING_KEY", ROUTING_KEY,
        "AURUM_PAGERDUTY_URL", pagerDutyUrl());
  }

  private void slack(HttpExchange x) throws IOException {
    JsonNode body = body(x);
    if (!"POST".equals(x.getRequestMethod()) || body == null) {
      answer(x, 400, "invalid_payload");
    } else if (!body.hasNonNull("text") && !body.path("blocks").isArray()) {
      answer(x, 400, "no_text");
    } else {
      slack.add(body);
      answer(x, 200, "ok");
    }
  }

  private void pagerDuty(HttpExchange x) throws IOException {
    JsonNode b = body(x);
    String why = b == null ? "not JSON" : pagerDutyProblem(b);
    if (why != null) {
      answer(
          x,
          400,
          "{\"status\":\"invalid event\",\"message\":\"Event object is invalid\","
              + "\"errors\":[\""
              + why
              + "\"]}");
      return;
    }
    pagerDuty.add(b);
    answer(
        x,
        202,
        "{\"status\":\"success\",\"message\":\"Event processed\",\"dedup_key\":\""
            + b.get("dedup_key").asText()
            + "\"}");
  }

  private static String pagerDutyProblem(JsonNode b) {
    if (!ROUTING_KEY.equals(b.path("routing_key").asText(null))) {
      return "routing_key is invalid";
    }
    String action = b.path("event_action").asText("");
    if (!Set.of("trigger", "acknowledge", "resolve").contains(action)) {
      return "event_action is invalid";
    }
    if (b.path("dedup_key").asText("").isEmpty()) {
      return "dedup_key is missing";
    }
    if (action.equals("trigger")) {
      JsonNode p = b.path("payload");
      if (p.path("summary").asText("").isEmpty() || p.path("source").asText("").isEmpty()) {
        return "payload.summary and payload.source are required";
      }
      if (!SEVERITIES.contains(p.path("severity").asText(""))) {
        return "payload.severity is invalid";
      }
    }
    return null;
  }

  private JsonNode body(HttpExchange x) throws IOException {
    byte[] bytes = x.getRequestBody().readAllBytes();
    String type = x.getRequestHeaders().getFirst("Content-Type");
    try {
      JsonNode n = JSON.readTree(bytes);
      return n != null && n.isObject() && type != null && type.startsWith("application/json")
          ? n
          : null;
    } catch (IOException e) {
      refused.add(new String(bytes, StandardCharsets.UTF_8));
      return null;
    }
  }

  private static void answer(HttpExchange x, int status, String text) throws IOException {
    byte[] b = text.getBytes(StandardCharsets.UTF_8);
    x.sendResponseHeaders(status, b.length);
    x.getResponseBody().write(b);
    x.close();
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
