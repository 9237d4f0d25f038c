package io.aurum.app.testing;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;

/**
 * A real Kafka broker in KRaft mode, in this JVM (one combined broker and controller, Kafka's own
 * test kit), and a reader of what reached a topic.
 */
public final class KafkaBroker implements AutoCloseable {
  /** A message as it reached the broker: Kafka partition and offset, key, headers, value. */
  public record Received(
      int partition, long offset, String key, Map<String, String> headers, String value) {
    public String header(String name) {
      return headers.get(name);
    }
  }

  private final KafkaClusterTestKit cluster;

  private KafkaBroker(KafkaClusterTestKit cluster) {
    this.cluster = cluster;
  }

  public static KafkaBroker start() {
    try {
      KafkaClusterTestKit c =
          new KafkaClusterTestKit.Builder(
                  new TestKitNodes.Builder()
                      .setCombined(true)
                      .setNumBrokerNodes(1)
                      .setNumControllerNodes(1)
                      .build())
              .setConfigProp("auto.create.topics.enable", "true")
              .setConfigProp("num.partitions", "3")
              .setConfigProp("offsets.topic.replication.factor", "1")
              .build();
      c.format();
      c.startup();
      c.waitForReadyBrokers();
      return new KafkaBroker(c);
    } catch (Exception e) {
      throw new IllegalStateException("cannot start the test Kafka broker", e);
    }
  }

  public String bootstrapServers() {
    return cluster.bootstrapServers();
  }

  /**
   * Every message of {@code topic} from the start, in offset order per partition, once at least
   * {@code atLeast} have arrived or {@code wait} has passed (then what is there).
   */
  public List<Received> read(String topic, int atLeast, Duration wait) {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
    p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
    p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    List<Received> out = new ArrayList<>();
    Instant deadline = Instant.now().plus(wait);
    try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(p)) {
      List<TopicPartition> parts = new ArrayList<>();
      while (parts.isEmpty() && Instant.now().isBefore(deadline)) {
        List<PartitionInfo> infos = consumer.partitionsFor(topic, Duration.ofSeconds(5));
        if (infos != null) {
          infos.forEach(i -> parts.add(new TopicPartition(topic, i.partition())));
        }
        if (parts.isEmpty()) {
          sleep();
        }
      }
      if (parts.isEmpty()) {
        return out;
      }
      consumer.assign(parts);
      consumer.seekToBeginning(parts);
      while (Instant.now().isBefore(deadline)) {
        var records = consumer.poll(Duration.ofMillis(500));
        for (ConsumerRecord<String, String> r : records) {
          Map<String, String> h = new HashMap<>();
          for (Header header : r.headers()) {
            h.put(header.key(), new String(header.value(), StandardCharsets.UTF_8));
          }
          out.add(new Received(r.partition(), r.offset(), r.key(), h, r.value()));
        }
        if (out.size() >= atLeast && records.isEmpty()) {
          break;
        }
      }
    }
    return out;
  }

  private static void sleep() {
    try {
      Thread.sleep(200);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    try {
      cluster.close();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
