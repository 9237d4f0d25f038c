package io.aurum.app.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.aurum.app.testing.CliFixture;
import io.aurum.core.model.Role;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Live progress as server-sent events, read by a real HTTP client while a backfill runs. */
class ServerEventsTest {
  @TempDir java.nio.file.Path tmp;

  /** Reads one event stream on the client's own threads, keeping each event's name and data. */
  static final class Stream1 {
    final List<String[]> events = new CopyOnWriteArrayList<>();
    final java.util.concurrent.CompletableFuture<HttpResponse<Stream<String>>> response;

    Stream1(HttpClient http, TestServer s, String path, Role as) {
      HttpRequest.Builder b =
          HttpRequest.newBuilder(URI.create(s.base() + path)).header("Accept", "text/event-stream");
      if (as != null) {
        b.header("Authorization", "Bearer " + s.tokens.get(as));
      }
      response = http.sendAsync(b.build(), HttpResponse.BodyHandlers.ofLines());
      response.thenAcceptAsync(
          r -> {
            String[] event = {null};
            r.body()
                .forEach(
                    line -> {
                      if (line.startsWith("event:")) {
                        event[0] = line.substring(6).trim();
                      } else if (line.startsWith("data:")) {
                        events.add(new String[] {event[0], line.substring(5).trim()});
                      }
                    });
          });
    }

    JsonNode last(String name) {
      for (int i = events.size() - 1; i >= 0; i--) {
        if (name.equals(events.get(i)[0])) {
          return parse(events.get(i)[1]);
        }
      }
      return null;
    }
  }

  @Test
  void an_operations_progress_streams_to_100_percent_while_a_backfill_runs() throws Exception {
    try (CliFixture fx = new CliFixture(tmp, false, 1000, 1)) {
      fx.sandbox.faults("eia").latencyMs(600); // several ticks of progress
      try (TestServer s = new TestServer(fx)) {
        HttpClient http = HttpClient.newHttpClient();
        Stream1 list = new Stream1(http, s, "/api/events/operations", Role.VIEWER);
        HttpResponse<String> r =
            s.post(
                "/api/backfills",
                Role.OPERATOR,
                "{\"source\":\"eia\",\"datasets\":\"ELEC.DEMAND\",\"start_date\":\"2024-01-01\",\"end_date\":\"2024-03-30\",\"concurrency\":1,\"batch_size\":1}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
        String id = TestServer.json(r).get("operation_id").asText();
        Stream1 one = new Stream1(http, s, "/api/operations/" + id + "/events", Role.VIEWER);
        assertThat(one.response.get().headers().firstValue("Content-Type"))
            .hasValueSatisfying(v -> assertThat(v).startsWith("text/event-stream"));
        await()
            .atMost(Duration.ofSeconds(90))
            .until(
                () ->
                    one.last("progress") != null && one.last("progress").get("ended").asBoolean());
        JsonNode end = one.last("progress");
        assertThat(end.get("percent").asDouble()).isEqualTo(100.0);
        assertThat(end.get("state").asText()).isEqualTo("succeeded");
        assertThat(end.get("done").asInt()).isEqualTo(90);
        List<Double> seen = new ArrayList<>();
        for (String[] e : one.events) {
          seen.add(parse(e[1]).get("percent").asDouble());
        }
        assertThat(seen).as("progress seen on the way").anyMatch(p -> p > 0 && p < 100);
        assertThat(seen).isSorted();
        await()
            .atMost(Duration.ofSeconds(10))
            .until(
                () ->
                    list.events.stream()
                        .anyMatch(
                            e ->
                                e[1].contains(id)
                                    && e[1].contains("\"percent\":100.0")
                                    && e[1].contains("\"ended\":true")));
      }
    }
  }

  @Test
  void many_clients_share_one_store_read_a_tick() throws Exception {
    try (CliFixture fx = new CliFixture(tmp, false, 1000, 1);
        TestServer s = new TestServer(fx)) {
      HttpClient http = HttpClient.newHttpClient();
      ProgressFeed feed = s.server.api().feed();
      List<Stream1> clients = new ArrayList<>();
      for (int i = 0; i < 40; i++) {
        clients.add(new Stream1(http, s, "/api/events/operations", Role.VIEWER));
      }
      await().atMost(Duration.ofSeconds(20)).until(() -> feed.clients() == 40);
      long before = feed.reads();
      long framesBefore = feed.frames();
      long t0 = System.nanoTime();
      await()
          .atMost(Duration.ofSeconds(20))
          .until(() -> clients.stream().allMatch(c -> c.events.size() >= 3));
      double seconds = (System.nanoTime() - t0) / 1e9;
      long reads = feed.reads() - before;
      assertThat(reads)
          .as("store reads for 40 clients in %.1f s", seconds)
          .isLessThanOrEqualTo((long) Math.ceil(seconds) + 2);
      // One event built a tick for all 40 clients (their bytes shared), not one a client.
      assertThat(feed.frames() - framesBefore).isLessThanOrEqualTo(reads + 1);
    }
  }

  @Test
  void a_stream_needs_a_token_and_an_operation_that_exists() {
    try (CliFixture fx = new CliFixture(tmp, false, 1000, 1);
        TestServer s = new TestServer(fx)) {
      assertThat(s.get("/api/events/operations", null).statusCode()).isEqualTo(401);
      HttpResponse<String> plain = s.get("/api/events/operations", Role.VIEWER);
      assertThat(plain.statusCode()).isEqualTo(400);
      assertThat(TestServer.json(plain).get("detail").asText())
          .contains("Accept: text/event-stream");
      HttpResponse<String> r =
          s.send(
              HttpRequest.newBuilder(URI.create(s.base() + "/api/operations/NOPE/events"))
                  .header("Accept", "text/event-stream"),
              s.tokens.get(Role.VIEWER));
      assertThat(r.statusCode()).isEqualTo(404);
      assertThat(TestServer.json(r).get("detail").asText()).contains("no operation NOPE");
    }
  }

  static JsonNode parse(String data) {
    try {
      return TestServer.JSON.readTree(data);
    } catch (Exception e) {
      throw new IllegalStateException(data, e);
    }
  }
}
