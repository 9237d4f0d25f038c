package io.aurum.core.relay;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The outbox as the relay sees it (port; the JDBC store implements it). One relay lease per
 * database: whoever holds it is the only process that sends, so two relays never send at once and
 * rows leave in their order.
 */
public interface Outbox {
  /** An outbox row: {@code source} may be null (the payload names the partition instead). */
  record Row(long id, Instant at, String source, String payload) {}

  /**
   * Takes or renews the relay lease for {@code holder} (for {@code lease}) and returns up to {@code
   * limit} unrelayed rows in id order, skipping those held by an isolation ({@code emergency
   * isolate --isolate-kafka}, a strict corruption isolation). Empty when another holder has a live
   * lease: the expected race, not an error.
   */
  Optional<List<Row>> claim(String holder, Duration lease, int limit);

  /**
   * Marks rows relayed, only while {@code holder} still holds the lease; returns how many it marked
   * (0 when the lease was taken over: the new holder sends them again).
   */
  int markRelayed(String holder, List<Long> ids);

  /** Gives the lease up (a clean stop), so another relay takes over at once. */
  void release(String holder);

  /** Deletes relayed rows relayed before {@code before}; returns how many. */
  int pruneRelayed(Instant before);

  /** Rows not relayed yet, held ones included. */
  long unrelayed();

  /**
   * The backlog now, for the relay's gauges: {@code unrelayed} rows not relayed yet (held ones
   * included), {@code held} those an isolation holds, and {@code oldestSendable} when the first row
   * the relay may send was written (null when none waits: only held rows, or none).
   */
  record Backlog(long unrelayed, long held, Instant oldestSendable) {}

  /** Reads the {@link Backlog}: a count over the unrelayed rows and the first sendable one. */
  Backlog backlog();
}
