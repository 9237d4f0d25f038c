package io.aurum.core.relay;

import java.util.List;

/**
 * Where relayed changes go (port; Kafka in the app). {@link #send} returns once every message of
 * the batch is acknowledged, in order per key, or throws: the relay then leaves the rows unmarked
 * and sends them again (at least once).
 */
public interface ChangePublisher extends AutoCloseable {
  void send(List<ChangeMessage> batch);

  @Override
  void close();
}
