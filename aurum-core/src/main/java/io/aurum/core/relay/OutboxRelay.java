package io.aurum.core.relay;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Moves outbox rows to a {@link ChangePublisher}: claim a batch under the relay lease, send it and
 * wait for the acknowledgements, then mark the rows relayed. A crash between send and mark sends
 * the batch again (at least once; the messages carry the same outbox and version ids); a lost lease
 * marks nothing and the new holder sends. Relayed rows older than the retention are pruned. Not
 * thread-safe: one loop drives it (RelayService in the app).
 */
public final class OutboxRelay {
  /** The built-in batch: rows claimed and sent at a time. */
  public static final int DEFAULT_BATCH = 500;

  /** The built-in relay lease; a dead relay's successor waits at most this long. */
  public static final Duration DEFAULT_LEASE = Duration.ofSeconds(10);

  /** The result of one pass: whether the lease was held, rows claimed, messages sent, marked. */
  public record Pass(boolean leaseHeld, int rows, int messages, int marked) {}

  private final Outbox outbox;
  private final ChangePublisher publisher;
  private final String holder;
  private final int batch;
  private final Duration lease;
  private final Clock clock;

  public OutboxRelay(
      Outbox outbox,
      ChangePublisher publisher,
      String holder,
      int batch,
      Duration lease,
      Clock clock) {
    if (batch < 1) {
      throw new IllegalArgumentException("batch must be at least 1, not " + batch);
    }
    this.outbox = outbox;
    this.publisher = publisher;
    this.holder = holder;
    this.batch = batch;
    this.lease = lease;
    this.clock = clock;
  }

  /** One batch: claim, send, mark. */
  public Pass runOnce() {
    Optional<List<Outbox.Row>> claimed = outbox.claim(holder, lease, batch);
    if (claimed.isEmpty()) {
      return new Pass(false, 0, 0, 0);
    }
    List<Outbox.Row> rows = claimed.get();
    if (rows.isEmpty()) {
      return new Pass(true, 0, 0, 0);
    }
    List<ChangeMessage> messages = new ArrayList<>(rows.size());
    List<Long> ids = new ArrayList<>(rows.size());
    for (Outbox.Row r : rows) {
      messages.addAll(ChangeMessages.of(r));
      ids.add(r.id());
    }
    publisher.send(messages);
    int marked = outbox.markRelayed(holder, ids);
    return new Pass(true, rows.size(), messages.size(), marked);
  }

  /**
   * Passes until a pass finds nothing more to send, or the lease is someone else's; returns the
   * totals (leaseHeld false: another relay holds the lease and nothing was sent). What {@code aurum
   * relay --once} runs.
   */
  public Pass drain() {
    int rows = 0;
    int messages = 0;
    int marked = 0;
    while (true) {
      Pass p = runOnce();
      rows += p.rows();
      messages += p.messages();
      marked += p.marked();
      if (!p.leaseHeld() || p.rows() < batch) {
        return new Pass(p.leaseHeld(), rows, messages, marked);
      }
    }
  }

  /** Deletes rows relayed longer ago than {@code retention}; returns how many. */
  public int prune(Duration retention) {
    return outbox.pruneRelayed(clock.instant().minus(retention));
  }

  /** Gives the lease up. */
  public void release() {
    outbox.release(holder);
  }
}
