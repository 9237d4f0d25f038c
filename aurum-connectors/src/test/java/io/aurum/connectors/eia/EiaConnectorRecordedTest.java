package io.aurum.connectors.eia;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.sun.net.httpserver.HttpServer;
import io.aurum.connectors.ConnectorSettings;
import io.aurum.core.error.UpstreamException;
import io.aurum.core.model.Dataset;
import io.aurum.core.model.Observation;
import io.aurum.core.model.PartitionKey;
import io.aurum.core.model.SourceId;
import io.aurum.core.port.Connector;
import io.aurum.core.port.FetchContext;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Cases the sandbox does not produce, served by a tiny server with recorded-shape payloads. */
@Timeout(60)
class EiaConnectorRecordedTest {
  HttpServer server;
  final AtomicReference<Integer> status = new AtomicReference<>(200);
  final AtomicReference<String> body = new AtomicReference<>();
  final AtomicReference<String> retryAfter = new AtomicReference<>();

  @BeforeEach
  void start() throws Exception {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/",
        ex -> {
          byte[] b = body.get().getBytes(StandardCharsets.UTF_8);
          if (retryAfter.get() != null) {
            ex.getResponseHeaders().set("Retry-After", retryAfter.get());
          }
          ex.sendResponseHeaders(status.get(), b.length);
          ex.getResponseBody().write(b);
          ex.close();
        });
    server.start();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  EiaConnector connector() {
    return new EiaConnector(
        ConnectorSettings.fromEnvironment(
            Map.of(
                "AURUM_EIA_BASE_URL",
                "http://127.0.0.1:" + server.getAddress().getPort(),
                "EIA_API_KEY",
                "rec-key-123")));
  }

  List<Observation> fetch() {
    Dataset d = EiaFixtures.demand();
    PartitionKey k = new PartitionKey(SourceId.EIA, d.name(), LocalDate.of(2024, 3, 10));
    List<Observation> out = new ArrayList<>();
    connector()
        .fetch(
            new Connector.FetchRequest(d, k, k.start(d), k.end(d), Map.of()),
            FetchContext.UNLIMITED,
            out::add);
    return out;
  }

  @Test
  void a_null_value_is_absent_and_rows_outside_the_range_are_dropped() {
    body.set(
        EiaPageParserTest.PAGE
            .replace("\"total\":\"28\"", "\"total\":\"3\"")
            .replace("\"period\":\"2024-03-10T08\"", "\"period\":\"2024-03-10T04\""));
    List<Observation> rows = fetch();
    assertThat(rows)
        .containsExactly(
            new Observation("PJM-D", Instant.parse("2024-03-10T06:00:00Z"), 81234, "MWh"));
  }

  @Test
  void an_http_date_retry_after_is_parsed() {
    status.set(429);
    body.set("{\"error\":{\"code\":\"OVER_RATE_LIMIT\",\"message\":\"slow down\"}}");
    retryAfter.set("Wed, 21 Oct 2099 07:28:00 GMT");
    UpstreamException e = catchThrowableOfType(this::fetch, UpstreamException.class);
    assertThat(e.throttled()).isTrue();
    assertThat(e.retryAfter()).hasValueSatisfying(d -> assertThat(d.toDays()).isGreaterThan(365));
  }

  @Test
  void an_in_body_error_on_http_200_is_classified_by_the_body() {
    body.set("{\"error\":\"Invalid facet 'respondent' provided.\",\"code\":400}");
    UpstreamException e = catchThrowableOfType(this::fetch, UpstreamException.class);
    assertThat(e.retryable()).isFalse();
    assertThat(e).hasMessageContaining("Invalid facet").hasMessageNotContaining("rec-key-123");
  }

  @Test
  void a_plain_404_is_permanent() {
    status.set(404);
    body.set("{\"error\":\"Not found.\",\"code\":404}");
    UpstreamException e = catchThrowableOfType(this::fetch, UpstreamException.class);
    assertThat(e.retryable()).isFalse();
    assertThat(e.httpStatus()).contains(404);
  }
}
