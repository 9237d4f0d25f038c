package io.aurum.app.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.aurum.app.cli.MetricsCliTest;
import io.aurum.app.metrics.AurumMetrics;
import io.aurum.app.testing.AurumCli;
import io.aurum.app.testing.CliFixture;
import io.aurum.app.testing.KafkaBroker;
import io.aurum.app.testing.KafkaBroker.Received;
import io.aurum.core.request.JsonSchemas;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 21 part 3: {@code aurum relay} against a real KRaft broker in this JVM, on both databases.
 * Publish, rollback and quarantine changes arrive on {@code aurum.eia.changes} with their key,
 * headers and in outbox order; an isolation with --isolate-kafka holds them and its release lets
 * them go in order; relayed rows are pruned after the retention; every message validates against
 * docs/schemas/kafka/change-message.schema.json; the relay's metrics follow what it sends and read
 * the backlog it has not sent.
 */
abstract class RelayContractTest {
  static final ObjectMapper JSON = new ObjectMapper();
  static final Path SCHEMA =
      Path.of(System.getProperty("user.dir"))
          .getParent()
          .resolve("docs/schemas/kafka/change-message.schema.json");
  static KafkaBroker broker;

  @TempDir Path tmp;
  CliFixture fx;
  String topic;

  abstract boolean postgres();

  @BeforeAll
  static void startBroker() {
    broker = KafkaBroker.start();
  }

  @AfterAll
  static void stopBroker() {
    broker.close();
  }

  @BeforeEach
  void setUp() {
    fx = new CliFixture(tmp, postgres(), 1000, 8);
    // A topic prefix of each test's own: the broker outlives the test.
    topic = "t" + Long.toHexString(System.nanoTime()) + ".eia.changes";
  }

  @AfterEach
  void tearDown() {
    fx.close();
  }

  AurumCli.Result aurum(String... args) {
    return AurumCli.run(fx.env(), args);
  }

  AurumCli.Result relayOnce() {
    return aurum(
        "relay",
        "--bootstrap-servers",
        broker.bootstrapServers(),
        "--topic-prefix",
        topic.substring(0, topic.indexOf('.')),
        "--once");
  }

  /** What a scrape of {@code metrics} says of {@code name} with {@code labels} (0 when absent). */
  static double metric(AurumMetrics metrics, String name, Map<String, String> labels) {
    return MetricsCliTest.value(metrics.scrape(), name, labels);
  }

  static double metric(AurumMetrics metrics, String name) {
    return metric(metrics, name, Map.of());
  }

  void sql(String statement) throws Exception {
    try (Connection c = DriverManager.getConnection(fx.jdbcUrl());
        Statement st = c.createStatement()) {
      st.executeUpdate(statement);
    }
  }

  static String operationId(AurumCli.Result r) {
    Matcher m = Pattern.compile("BACKFILL_\\w+").matcher(r.all());
    assertThat(m.find()).as(r.all()).isTrue();
    return m.group();
  }

  @Test
  void publish_rollback_and_quarantine_arrive_keyed_with_headers_in_order() throws Exception {
    AurumCli.Result backfill = fx.backfillEiaDemand("2024-01-01", "2024-01-02");
    assertThat(backfill.exit()).as(backfill.all()).isZero();
    AurumCli.Result rollback =
        aurum(
            "rollback",
            "--operation-id",
            operationId(backfill),
            "--rollback-type",
            "emergency",
            "--confirm-rollback");
    assertThat(rollback.exit()).as(rollback.all()).isZero();
    // Every value out of the quality range: the gate holds (quarantines) each version.
    Path catalog = fx.config.resolve("datasets.json");
    Files.writeString(
        catalog,
        Files.readString(catalog).replaceFirst("\"max_value\": 250000", "\"max_value\": 1"));
    assertThat(fx.backfillEiaDemand("2024-01-03", "2024-01-03").exit()).isNotEqualTo(2);

    AurumCli.Result relay = relayOnce();
    assertThat(relay.exit()).as(relay.all()).isZero();
    assertThat(relay.out()).contains("relayed 4 changes").contains("0 rows not relayed");

    List<Received> got = broker.read(topic, 4, Duration.ofSeconds(60));
    assertThat(got).hasSize(4);
    // One change covers a partition: the key names it; all here are of one source's topic, and
    // the outbox order is kept (within a key by Kafka's partition order; here, overall, as read
    // by outbox id since the keys differ).
    List<Received> byOutbox =
        got.stream()
            .sorted(
                java.util.Comparator.comparingLong(
                    r -> Long.parseLong(r.header("aurum-outbox-id"))))
            .toList();
    assertThat(byOutbox.stream().map(r -> r.header("aurum-change-kind")))
        .containsExactly("publish", "publish", "rollback", "quarantine");
    assertThat(byOutbox.stream().map(Received::key))
        .containsExactly(
            "eia/ELEC.DEMAND/2024-01-01",
            "eia/ELEC.DEMAND/2024-01-02",
            "eia",
            "eia/ELEC.DEMAND/2024-01-03");
    String schema = Files.readString(SCHEMA);
    for (Received r : got) {
      assertThat(JsonSchemas.problems(schema, r.value())).as(r.value()).isEmpty();
      JsonNode v = JSON.readTree(r.value());
      assertThat(v.path("kind").asText()).isEqualTo(r.header("aurum-change-kind"));
      assertThat(v.path("outboxId").asText()).isEqualTo(r.header("aurum-outbox-id"));
      if (!"rollback".equals(v.path("kind").asText())) {
        assertThat(r.header("aurum-version-id")).isEqualTo(v.path("versionId").asText());
        assertThat(v.path("change").path("versionId").asText())
            .isEqualTo(r.header("aurum-version-id"));
      } else {
        assertThat(r.header("aurum-version-id")).isNull();
        assertThat(v.path("change").path("rolledBack").asText()).isEqualTo(operationId(backfill));
      }
    }

    AurumCli.Result again = relayOnce();
    assertThat(again.out()).as(again.all()).contains("relayed 0 changes");
    assertThat(broker.read(topic, 4, Duration.ofSeconds(5))).hasSize(4);
  }

  @Test
  void an_isolated_source_is_held_and_its_release_sends_in_order() throws Exception {
    assertThat(fx.backfillEiaDemand("2024-01-01", "2024-01-03").exit()).isZero();
    AurumCli.Result isolate =
        aurum("emergency", "isolate", "--source", "eia", "--isolate-kafka", "--reason", "drill");
    assertThat(isolate.exit()).as(isolate.all()).isZero();

    AurumCli.Result held = relayOnce();
    assertThat(held.exit()).as(held.all()).isZero();
    assertThat(held.out()).contains("relayed 0 changes").contains("3 rows not relayed");
    assertThat(broker.read(topic, 1, Duration.ofSeconds(5))).isEmpty();

    AurumCli.Result release =
        aurum("emergency", "release", "--isolation", "--source", "eia", "--reason", "clean");
    assertThat(release.exit()).as(release.all()).isZero();
    AurumCli.Result released = relayOnce();
    assertThat(released.out()).as(released.all()).contains("relayed 3 changes");
    List<Received> got = broker.read(topic, 3, Duration.ofSeconds(60));
    assertThat(got.stream().map(Received::key))
        .containsExactlyInAnyOrder(
            "eia/ELEC.DEMAND/2024-01-01",
            "eia/ELEC.DEMAND/2024-01-02",
            "eia/ELEC.DEMAND/2024-01-03");
    // Within each Kafka partition, outbox order.
    for (int p = 0; p < 3; p++) {
      final int part = p;
      List<Long> ids =
          got.stream()
              .filter(r -> r.partition() == part)
              .map(r -> Long.parseLong(r.header("aurum-outbox-id")))
              .toList();
      assertThat(ids).isSorted();
    }
  }

  @Test
  void a_rollback_of_an_isolated_source_is_held_with_the_publishes_it_takes_back()
      throws Exception {
    AurumCli.Result backfill = fx.backfillEiaDemand("2024-01-01", "2024-01-02");
    assertThat(backfill.exit()).as(backfill.all()).isZero();
    AurumCli.Result isolate =
        aurum("emergency", "isolate", "--source", "eia", "--isolate-kafka", "--reason", "drill");
    assertThat(isolate.exit()).as(isolate.all()).isZero();
    AurumCli.Result rollback =
        aurum(
            "rollback",
            "--operation-id",
            operationId(backfill),
            "--rollback-type",
            "emergency",
            "--confirm-rollback");
    assertThat(rollback.exit()).as(rollback.all()).isZero();

    // Before: the rollback row named no source, so it went out alone, ahead of the publishes it
    // takes back, which a consumer would then apply after it.
    AurumCli.Result held = relayOnce();
    assertThat(held.out())
        .as(held.all())
        .contains("relayed 0 changes")
        .contains("3 rows not relayed");
    assertThat(broker.read(topic, 1, Duration.ofSeconds(5))).isEmpty();

    AurumCli.Result release =
        aurum("emergency", "release", "--isolation", "--source", "eia", "--reason", "clean");
    assertThat(release.exit()).as(release.all()).isZero();
    assertThat(relayOnce().out()).contains("relayed 3 changes");
    List<Received> got = broker.read(topic, 3, Duration.ofSeconds(60));
    assertThat(
            got.stream()
                .sorted(
                    java.util.Comparator.comparingLong(
                        r -> Long.parseLong(r.header("aurum-outbox-id"))))
                .map(r -> r.header("aurum-change-kind")))
        .containsExactly("publish", "publish", "rollback");
  }

  @Test
  void relayed_rows_are_pruned_after_the_retention_and_unrelayed_ones_never() throws Exception {
    assertThat(fx.backfillEiaDemand("2024-01-01", "2024-01-02").exit()).isZero();
    assertThat(relayOnce().out()).contains("relayed 2 changes").contains("pruned 0");
    assertThat(fx.backfillEiaDemand("2024-01-03", "2024-01-03").exit()).isZero();
    // The two relayed rows were relayed 8 days ago (retention.outbox_days is 7 by default).
    long eightDays = Duration.ofDays(8).toMillis();
    try (Connection c = DriverManager.getConnection(fx.jdbcUrl());
        Statement st = c.createStatement()) {
      st.executeUpdate(
          "UPDATE outbox SET relayed_at = relayed_at - "
              + eightDays
              + " WHERE relayed_at IS NOT NULL");
    }
    AurumCli.Result r = relayOnce();
    assertThat(r.out()).as(r.all()).contains("relayed 1 changes").contains("pruned 2 relayed rows");
    try (Connection c = DriverManager.getConnection(fx.jdbcUrl());
        Statement st = c.createStatement();
        var rs = st.executeQuery("SELECT COUNT(*) FROM outbox")) {
      rs.next();
      assertThat(rs.getLong(1)).isEqualTo(1); // the one relayed just now stays
    }
  }

  @Test
  void without_brokers_or_with_a_bad_batch_it_says_what_to_give() {
    AurumCli.Result none = aurum("relay", "--once");
    assertThat(none.exit()).isEqualTo(2);
    assertThat(none.err().strip())
        .contains("AURUM_KAFKA_BOOTSTRAP_SERVERS")
        .doesNotContain("Exception");
    assertThat(none.err().strip().lines()).hasSize(1);
    AurumCli.Result batch =
        aurum("relay", "--bootstrap-servers", broker.bootstrapServers(), "--batch", "0");
    assertThat(batch.exit()).isEqualTo(2);
    assertThat(batch.err()).contains("--batch 0 must be at least 1");
    AurumCli.Result once =
        aurum(
            "relay",
            "--bootstrap-servers",
            broker.bootstrapServers(),
            "--once",
            "--metrics-port",
            "0");
    assertThat(once.exit()).isEqualTo(2);
    assertThat(once.err().strip())
        .isEqualTo(
            "aurum: --metrics-port serves a relay that keeps running: drop --once, or drop"
                + " --metrics-port");
    AurumCli.Result port =
        aurum("relay", "--bootstrap-servers", broker.bootstrapServers(), "--metrics-port", "70000");
    assertThat(port.exit()).isEqualTo(2);
    assertThat(port.err()).contains("--metrics-port must be between 0 and 65535");
  }

  /**
   * The relay's metrics, as serve --relay and worker --relay record them: a standby sees the
   * backlog and its lag (rows written 10 minutes ago) but holds no lease; an isolation's rows count
   * as held, not as lag; once the lease is free the relay sends and the counters move; a message
   * Kafka refuses (over its 1 MB request limit) counts failed batches while the lag stays, and the
   * relay is not ready until it is gone.
   */
  @Test
  void the_relay_metrics_follow_what_it_sends_and_read_the_backlog_it_has_not() throws Exception {
    assertThat(fx.backfillEiaDemand("2024-01-01", "2024-01-02").exit()).isZero();
    long now = System.currentTimeMillis();
    sql("UPDATE outbox SET relayed_at = " + (now - Duration.ofDays(8).toMillis())); // to prune
    assertThat(fx.backfillEiaDemand("2024-01-03", "2024-01-05").exit()).isZero();
    sql(
        "UPDATE outbox SET at = "
            + (now - Duration.ofMinutes(10).toMillis())
            + " WHERE relayed_at IS NULL");
    try (var store = fx.openStore();
        AurumMetrics metrics = AurumMetrics.unserved()) {
      // Another relay holds the lease: this one is a standby.
      assertThat(store.outbox().claim("other-relay", Duration.ofMinutes(5), 1)).isPresent();
      KafkaSettings settings =
          KafkaSettings.of(
              broker.bootstrapServers(), topic.substring(0, topic.indexOf('.')), Map.of());
      RelayService service =
          RelayService.start(
              store,
              settings,
              new RelayService.Options(
                  500, Duration.ofSeconds(10), Duration.ofMillis(100), Duration.ofDays(7)),
              Clock.systemUTC(),
              metrics.relay(store.outbox(), Clock.systemUTC()));
      try {
        await("the standby's first pass and prune")
            .atMost(Duration.ofSeconds(30))
            .pollInterval(Duration.ofMillis(100))
            .until(() -> metric(metrics, "aurum_relay_pruned_rows_total") == 2);
        assertThat(metric(metrics, "aurum_relay_lease_held")).isZero();
        assertThat(metric(metrics, "aurum_relay_unrelayed_rows")).isEqualTo(3);
        assertThat(metric(metrics, "aurum_relay_held_rows")).isZero();
        assertThat(metric(metrics, "aurum_relay_lag_seconds")).isBetween(600.0, 720.0);
        assertThat(metric(metrics, "aurum_relay_messages_total")).isZero();
        assertThat(metric(metrics, "aurum_relay_send_failures_total")).isZero();
        assertThat(service.ready()).isTrue();

        AurumCli.Result isolate =
            aurum(
                "emergency", "isolate", "--source", "eia", "--isolate-kafka", "--reason", "drill");
        assertThat(isolate.exit()).as(isolate.all()).isZero();
        await("the gauges read the held rows (a read at most every 5 s)")
            .atMost(Duration.ofSeconds(30))
            .pollInterval(Duration.ofMillis(200))
            .until(() -> metric(metrics, "aurum_relay_held_rows") == 3);
        assertThat(metric(metrics, "aurum_relay_unrelayed_rows")).isEqualTo(3);
        assertThat(metric(metrics, "aurum_relay_lag_seconds")).as("held is not lag").isZero();

        AurumCli.Result release =
            aurum("emergency", "release", "--isolation", "--source", "eia", "--reason", "clean");
        assertThat(release.exit()).as(release.all()).isZero();
        store.outbox().release("other-relay");
        await("the relay takes the lease over and sends")
            .atMost(Duration.ofSeconds(60))
            .pollInterval(Duration.ofMillis(200))
            .until(
                () ->
                    metric(
                                metrics,
                                "aurum_relay_messages_total",
                                Map.of("source", "eia", "kind", "publish"))
                            == 3
                        && metric(metrics, "aurum_relay_unrelayed_rows") == 0);
        assertThat(metric(metrics, "aurum_relay_lease_held")).isEqualTo(1);
        assertThat(metric(metrics, "aurum_relay_held_rows")).isZero();
        assertThat(metric(metrics, "aurum_relay_lag_seconds")).isZero();
        assertThat(metric(metrics, "aurum_relay_messages_total")).isEqualTo(3);
        assertThat(broker.read(topic, 3, Duration.ofSeconds(60))).hasSize(3);

        // A change Kafka refuses: the relay retries it, counting each failed batch, and falls
        // behind while it does.
        try (Connection c = DriverManager.getConnection(fx.jdbcUrl());
            java.sql.PreparedStatement ps =
                c.prepareStatement(
                    "INSERT INTO outbox (at, topic, payload, source) VALUES (?, 'aurum.versions',"
                        + " ?, 'eia')")) {
          ps.setLong(1, System.currentTimeMillis() - Duration.ofMinutes(2).toMillis());
          ps.setString(
              2,
              "{\"partition\":\"eia/ELEC.DEMAND/2024-01-06\",\"versionId\":999,\"pad\":\""
                  + "x".repeat(2_000_000)
                  + "\"}");
          ps.executeUpdate();
        }
        await("failed batches counted")
            .atMost(Duration.ofSeconds(60))
            .pollInterval(Duration.ofMillis(200))
            .until(
                () ->
                    metric(metrics, "aurum_relay_send_failures_total") >= 2
                        && metric(metrics, "aurum_relay_unrelayed_rows") == 1);
        assertThat(metric(metrics, "aurum_relay_lag_seconds")).isGreaterThanOrEqualTo(120);
        assertThat(metric(metrics, "aurum_relay_messages_total")).isEqualTo(3);
        assertThat(service.ready()).isFalse();
        sql("DELETE FROM outbox WHERE relayed_at IS NULL");
        await("ready again once a pass succeeds")
            .atMost(Duration.ofSeconds(30))
            .until(service::ready);
      } finally {
        service.close();
      }
      assertThat(metric(metrics, "aurum_relay_lease_held")).as("released on close").isZero();
    }
  }

  /**
   * What serve --relay (and the worker's --relay) run: the loop in the background, a clean stop.
   */
  @Test
  void the_relay_service_sends_in_the_background_and_gives_its_lease_up_on_close() {
    assertThat(fx.backfillEiaDemand("2024-01-01", "2024-01-02").exit()).isZero();
    try (var store = fx.openStore()) {
      KafkaSettings settings =
          KafkaSettings.of(
              broker.bootstrapServers(),
              topic.substring(0, topic.indexOf('.')),
              java.util.Map.of());
      RelayService service =
          RelayService.start(
              store,
              settings,
              new RelayService.Options(
                  500, Duration.ofSeconds(10), Duration.ofMillis(100), Duration.ofDays(7)),
              java.time.Clock.systemUTC());
      List<Received> got;
      try {
        got = broker.read(topic, 2, Duration.ofSeconds(60));
      } finally {
        service.close();
      }
      assertThat(got)
          .extracting(Received::key)
          .containsExactlyInAnyOrder("eia/ELEC.DEMAND/2024-01-01", "eia/ELEC.DEMAND/2024-01-02");
      assertThat(service.sent()).isEqualTo(2);
      assertThat(store.outbox().unrelayed()).isZero();
      // Released on close: another relay takes over at once, not after the lease.
      assertThat(store.outbox().claim("next", Duration.ofSeconds(10), 1)).isPresent();
    }
  }

  /**
   * The "Done when" of issue 21: a relay in a child JVM is killed with kill -9 while it sends
   * (batches of 1, so the kill lands between batches or inside one) and another relay finishes:
   * every change reaches the broker at least once, a resent change carries the same outbox id,
   * version id and value, and each Kafka partition holds the changes in outbox order.
   */
  @Test
  void a_relay_killed_mid_batch_and_restarted_loses_nothing_and_keeps_order() throws Exception {
    assertThat(fx.backfillEiaDemand("2024-01-01", "2024-02-29").exit()).isZero();
    java.util.Set<Long> all = new java.util.TreeSet<>();
    try (Connection c = DriverManager.getConnection(fx.jdbcUrl());
        Statement st = c.createStatement();
        var rs = st.executeQuery("SELECT id FROM outbox")) {
      while (rs.next()) {
        all.add(rs.getLong(1));
      }
    }
    assertThat(all).hasSize(60);
    // Volume for the relay to be caught mid-stream: the 60 real rows copied 6 times over (3,840
    // rows, each a change of the same shape with an outbox id of its own).
    try (Connection c = DriverManager.getConnection(fx.jdbcUrl());
        Statement st = c.createStatement()) {
      for (int i = 0; i < 6; i++) {
        st.executeUpdate(
            "INSERT INTO outbox (at, topic, payload, source)"
                + " SELECT at, topic, payload, source FROM outbox ORDER BY id");
      }
      all.clear();
      try (var rs = st.executeQuery("SELECT id FROM outbox")) {
        while (rs.next()) {
          all.add(rs.getLong(1));
        }
      }
    }
    assertThat(all).hasSize(3840);
    String prefix = topic.substring(0, topic.indexOf('.'));
    try (io.aurum.app.testing.AurumProcess child =
        io.aurum.app.testing.AurumProcess.start(
            tmp.resolve("child"),
            fx.env(),
            "relay",
            "--bootstrap-servers",
            broker.bootstrapServers(),
            "--topic-prefix",
            prefix,
            "--batch",
            "1")) {
      java.time.Instant deadline = java.time.Instant.now().plus(Duration.ofMinutes(3));
      while (broker.read(topic, 3, Duration.ofSeconds(2)).size() < 3
          && java.time.Instant.now().isBefore(deadline)) {
        assertThat(child.process().isAlive()).as(child.output()).isTrue();
      }
      child.kill9();
    }
    long left;
    try (var store = fx.openStore()) {
      left = store.outbox().unrelayed();
    }
    assertThat(left).as("killed while rows were left to send").isPositive();

    // The dead relay's lease stands until it lapses (10 s after its last batch): nothing is sent
    // meanwhile, then the next relay takes over.
    AurumCli.Result restart = relayOnce();
    assertThat(restart.exit()).as(restart.all()).isZero();
    assertThat(restart.out()).contains("another relay holds the relay lease");
    org.awaitility.Awaitility.await("the dead relay's lease lapses and the rest is sent")
        .atMost(Duration.ofMinutes(2))
        .pollInterval(Duration.ofSeconds(1))
        .until(
            () -> {
              AurumCli.Result r = relayOnce();
              assertThat(r.exit()).as(r.all()).isZero();
              return r.out();
            },
            out -> out.contains("; 0 rows not relayed (held"));

    List<Received> got = broker.read(topic, 3840, Duration.ofSeconds(120));
    java.util.Map<Long, List<Received>> byId = new java.util.TreeMap<>();
    for (Received r : got) {
      byId.computeIfAbsent(
              Long.parseLong(r.header("aurum-outbox-id")), k -> new java.util.ArrayList<>())
          .add(r);
    }
    assertThat(byId.keySet()).as("every change reached the broker").isEqualTo(all);
    for (List<Received> copies : byId.values()) {
      assertThat(copies.stream().map(r -> r.header("aurum-version-id")).distinct()).hasSize(1);
      assertThat(copies.stream().map(Received::value).distinct()).hasSize(1);
      assertThat(copies.get(0).header("aurum-version-id")).isNotNull();
    }
    for (int p = 0; p < 3; p++) {
      final int part = p;
      List<Long> firstSeen =
          got.stream()
              .filter(r -> r.partition() == part)
              .sorted(java.util.Comparator.comparingLong(Received::offset))
              .map(r -> Long.parseLong(r.header("aurum-outbox-id")))
              .distinct()
              .toList();
      assertThat(firstSeen).as("partition %d in outbox order", part).isSorted();
    }
  }
}
