package io.aurum.app.kafka;

import io.aurum.core.error.AurumException;
import io.aurum.core.relay.ChangeMessage;
import io.aurum.core.relay.ChangeMessages;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * {@link io.aurum.core.relay.ChangePublisher} on Kafka: an idempotent producer with {@code
 * acks=all} and at most 5 requests in flight, so the broker keeps the order of a key's messages
 * across retries and drops the producer's own resends. One topic per source, the change's key, and
 * the headers {@code aurum-version-id}, {@code aurum-change-kind}, {@code aurum-outbox-id}. Not
 * thread-safe: the relay's one loop uses it.
 */
public final class KafkaChangePublisher implements io.aurum.core.relay.ChangePublisher {
  public static final String HEADER_VERSION_ID = "aurum-version-id";
  public static final String HEADER_KIND = "aurum-change-kind";
  public static final String HEADER_OUTBOX_ID = "aurum-outbox-id";

  /** How long a send may wait for metadata or buffer space before the batch fails. */
  static final Duration MAX_BLOCK = Duration.ofSeconds(30);

  private final KafkaProducer<String, String> producer;
  private final KafkaSettings settings;

  public KafkaChangePublisher(KafkaSettings settings, String clientId) {
    this.settings = settings;
    Properties p = settings.producerProperties();
    p.put(ProducerConfig.CLIENT_ID_CONFIG, clientId);
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, "5");
    p.put(ProducerConfig.LINGER_MS_CONFIG, "5");
    p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
    p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, String.valueOf(MAX_BLOCK.toMillis()));
    p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
    p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
    try {
      this.producer = new KafkaProducer<>(p);
    } catch (org.apache.kafka.common.KafkaException e) {
      throw new AurumException.BadInput(
          "cannot configure the Kafka producer ("
              + settings.describe()
              + "): "
              + rootMessage(e)
              + "; check the AURUM_KAFKA_* settings");
    }
  }

  @Override
  public void send(List<ChangeMessage> batch) {
    List<Future<RecordMetadata>> acks = new ArrayList<>(batch.size());
    try {
      for (ChangeMessage m : batch) {
        ProducerRecord<String, String> r =
            new ProducerRecord<>(
                ChangeMessages.topic(settings.topicPrefix(), m.source()), m.key(), m.value());
        if (m.versionId() != null) {
          r.headers().add(HEADER_VERSION_ID, bytes(String.valueOf(m.versionId())));
        }
        r.headers().add(HEADER_KIND, bytes(m.kind()));
        r.headers().add(HEADER_OUTBOX_ID, bytes(String.valueOf(m.outboxId())));
        acks.add(producer.send(r));
      }
      producer.flush();
      for (Future<RecordMetadata> f : acks) {
        f.get();
      }
    } catch (ExecutionException | org.apache.kafka.common.KafkaException e) {
      throw new AurumException.OperationFailed(
          "Kafka at "
              + settings.bootstrapServers()
              + " did not take the batch: "
              + rootMessage(e)
              + "; the rows stay unrelayed and are sent again");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AurumException.OperationFailed("interrupted while waiting for Kafka's acks");
    }
  }

  @Override
  public void close() {
    producer.close(Duration.ofSeconds(10));
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    return String.valueOf(t.getMessage());
  }
}
