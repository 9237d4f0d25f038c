package io.aurum.bench;

import io.aurum.app.kafka.KafkaChangePublisher;
import io.aurum.app.kafka.KafkaSettings;
import io.aurum.core.relay.OutboxRelay;
import io.aurum.store.JdbcStore;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.Clock;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;

/**
 * Issue 21: messages a second from the outbox to a real Kafka broker (KRaft, in this JVM) through
 * {@link OutboxRelay} and {@link KafkaChangePublisher}, as {@code aurum relay --once} runs them: a
 * fresh database per batch size, filled with {@code rows} outbox rows of the publish shape,
 * drained. One JSON line per batch size; the broker shares the machine, so the figure is relay plus
 * broker.
 *
 * <p>Usage: {@code RelayBench sqlite|postgresql [rows=20000] [batches=100,500,2000]}.
 */
public final class RelayBench {
  private RelayBench() {}

  public static void main(String[] args) throws Exception {
    String db = args.length > 0 ? args[0] : "sqlite";
    int rows = args.length > 1 ? Integer.parseInt(args[1]) : 20_000;
    String batches = args.length > 2 ? args[2] : "100,500,2000";
    try (KafkaClusterTestKit kafka =
        new KafkaClusterTestKit.Builder(
                new TestKitNodes.Builder()
                    .setCombined(true)
                    .setNumBrokerNodes(1)
                    .setNumControllerNodes(1)
                    .build())
            .setConfigProp("num.partitions", "3")
            .build()) {
      kafka.format();
      kafka.startup();
      kafka.waitForReadyBrokers();
      for (String b : batches.split(",")) {
        int batch = Integer.parseInt(b.trim());
        Path dir = BenchEnv.tempDir("relay-bench");
        String url = BenchEnv.freshDatabase(db, dir);
        try (JdbcStore store = JdbcStore.open(url)) {
          fill(url, rows);
          KafkaSettings settings =
              KafkaSettings.of(kafka.bootstrapServers(), "bench" + batch, Map.of());
          try (KafkaChangePublisher publisher = new KafkaChangePublisher(settings, "bench")) {
            OutboxRelay relay =
                new OutboxRelay(
                    store.outbox(),
                    publisher,
                    "bench",
                    batch,
                    OutboxRelay.DEFAULT_LEASE,
                    Clock.systemUTC());
            long cpu0 = cpuNanos();
            long t0 = System.nanoTime();
            int sent = relay.drain().messages();
            double seconds = (System.nanoTime() - t0) / 1e9;
            double cpu = (cpuNanos() - cpu0) / 1e9;
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("bench", "relay");
            out.put("db", db);
            out.put("batch", batch);
            out.put("messages", sent);
            out.put("seconds", Math.round(seconds * 100) / 100.0);
            out.put("messages_per_s", Math.round(sent / seconds));
            out.put("process_cpu_s", Math.round(cpu * 100) / 100.0);
            out.put("load_avg_1m", loadAverage());
            BenchEnv.printJson(out);
            if (store.outbox().unrelayed() != 0) {
              throw new IllegalStateException("rows left unrelayed");
            }
          }
        } finally {
          BenchEnv.dropDatabase(url);
        }
      }
    }
  }

  /** {@code rows} outbox rows of the publish shape, over 10 datasets and consecutive days. */
  private static void fill(String url, int rows) throws Exception {
    try (Connection c = DriverManager.getConnection(url);
        PreparedStatement ps =
            c.prepareStatement("INSERT INTO outbox (at, topic, payload) VALUES (?, ?, ?)")) {
      c.setAutoCommit(false);
      LocalDate day = LocalDate.of(2020, 1, 1);
      long now = System.currentTimeMillis();
      for (int i = 1; i <= rows; i++) {
        String partition = "eia/DS" + (i % 10) + "/" + day.plusDays(i / 10);
        ps.setLong(1, now);
        ps.setString(2, "aurum.versions");
        ps.setString(
            3,
            "{\"partition\":\""
                + partition
                + "\",\"versionId\":"
                + i
                + ",\"versionNo\":1,\"checksum\":\"0c764536028bbb3d95873754d78f950af60b766e7686e6842544e66020f60260\","
                + "\"records\":120,\"qualityScore\":1.0}");
        ps.addBatch();
        if (i % 1000 == 0) {
          ps.executeBatch();
        }
      }
      ps.executeBatch();
      c.commit();
    }
  }

  private static long cpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean)
            java.lang.management.ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  private static double loadAverage() {
    return java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
  }
}
