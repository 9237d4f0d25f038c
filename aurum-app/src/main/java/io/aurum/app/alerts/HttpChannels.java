package io.aurum.app.alerts;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.aurum.core.alert.Notice;
import io.aurum.core.error.AurumException;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * The two HTTP channels: a Slack incoming webhook (a JSON POST with {@code text}) and the PagerDuty
 * Events API v2 (trigger and resolve, tied by {@code dedup_key}). Errors name the channel and the
 * HTTP status, never the URL or the key. Thread-safe.
 */
final class HttpChannels {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  private final ChannelSettings settings;
  private final HttpClient http;

  HttpChannels(ChannelSettings settings) {
    this.settings = settings;
    this.http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
  }

  void slack(Notice n) {
    ObjectNode body = JSON.createObjectNode();
    String icon =
        switch (n.action()) {
          case TRIGGER -> ":rotating_light: ";
          case RESOLVE -> ":white_check_mark: ";
          case TEST -> "";
        };
    body.put("text", icon + n.summary());
    post("slack", settings.slackWebhookUrl(), body);
  }

  void pagerDuty(Notice n) {
    if (n.action() == Notice.Action.TEST) {
      // A test opens an incident and closes it at once, so nobody is left paged.
      pagerDuty(n, "trigger");
      pagerDuty(n, "resolve");
      return;
    }
    pagerDuty(n, n.action() == Notice.Action.RESOLVE ? "resolve" : "trigger");
  }

  private void pagerDuty(Notice n, String action) {
    ObjectNode body = JSON.createObjectNode();
    body.put("routing_key", settings.pagerDutyRoutingKey());
    body.put("event_action", action);
    body.put("dedup_key", n.dedupKey());
    ObjectNode payload = body.putObject("payload");
    payload.put(
        "summary", n.summary().length() > 1024 ? n.summary().substring(0, 1024) : n.summary());
    payload.put("source", "aurum (" + n.scope() + ")");
    payload.put("severity", n.severity());
    payload.put("timestamp", n.at().toString());
    payload.put("component", n.metric());
    post("pagerduty", settings.pagerDutyUrl(), body);
  }

  private void post(String channel, String url, ObjectNode body) {
    HttpResponse<String> r;
    try {
      HttpRequest req =
          HttpRequest.newBuilder(URI.create(url))
              .timeout(TIMEOUT)
              .header("Content-Type", "application/json")
              .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)))
              .build();
      r = http.send(req, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    } catch (IllegalArgumentException e) {
      throw new AurumException.BadInput(
          channel + "'s endpoint is not a valid http(s) URL: check its setting (docs/alerts.md)");
    } catch (IOException e) {
      throw new AurumException.OperationFailed(
          channel
              + " could not be reached ("
              + e.getClass().getSimpleName()
              + "): check the"
              + " endpoint and the network; the notice will be tried again");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AurumException.OperationFailed(channel + ": interrupted while sending a notice");
    }
    if (r.statusCode() / 100 != 2) {
      String said = r.body() == null ? "" : r.body().strip();
      said = said.length() > 200 ? said.substring(0, 200) : said;
      throw new AurumException.OperationFailed(
          channel
              + " refused the notice: HTTP "
              + r.statusCode()
              + (said.isEmpty() ? "" : " " + settings.redact(said).replaceAll("\\s+", " ")));
    }
  }
}
