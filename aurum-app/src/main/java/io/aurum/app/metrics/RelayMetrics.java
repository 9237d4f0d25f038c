package io.aurum.app.metrics;

import io.aurum.core.relay.ChangeMessage;
import io.aurum.core.relay.Outbox;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Kafka relay's metrics (docs/monitoring.md, "Relay"): messages sent by source and change kind,
 * failed batches, rows pruned and whether this process holds the relay lease, recorded by the relay
 * loop; and the outbox's backlog (unrelayed rows, held rows, the lag), read from the store when
 * Prometheus scrapes, at most once per {@link #DEFAULT_READ_EVERY} however often it scrapes. Every
 * process that runs a relay reads the same backlog, lease holder or not. Thread-safe.
 */
public final class RelayMetrics {
  private static final Logger LOG = LoggerFactory.getLogger(RelayMetrics.class);

  /** Scrapes closer together than this share one read of the backlog. */
  public static final Duration DEFAULT_READ_EVERY = Duration.ofSeconds(5);

  private final Meters meters;
  private final Outbox outbox;
  private final Clock clock;
  private final Duration readEvery;
  private final Counter failures;
  private final Counter pruned;
  private final AtomicLong leaseHeld;
  private final Object lock = new Object();
  private Outbox.Backlog backlog; // null: the last read failed
  private Instant readAt;
  private boolean warned;

  RelayMetrics(Meters meters, Outbox outbox, Clock clock, Duration readEvery) {
    this.meters = meters;
    this.outbox = outbox;
    this.clock = clock;
    this.readEvery = readEvery;
    this.failures =
        meters.counter(
            "aurum.relay.send.failures",
            "Relay batches that failed (Kafka did not acknowledge them, or the store failed): their"
                + " rows stay unrelayed and are sent again after a back-off.",
            null);
    this.pruned =
        meters.counter(
            "aurum.relay.pruned.rows",
            "Relayed outbox rows this process deleted after the retention (retention.outbox_days).",
            null);
    this.leaseHeld =
        meters.gauge(
            "aurum.relay.lease.held",
            "1 while this process holds the relay lease (the one relay that sends), else 0.");
    var registry = meters.registry();
    Gauge.builder("aurum.relay.unrelayed.rows", this, m -> m.read(Outbox.Backlog::unrelayed))
        .description("Outbox rows not relayed yet, held ones included, as the store holds them.")
        .register(registry);
    Gauge.builder("aurum.relay.held.rows", this, m -> m.read(Outbox.Backlog::held))
        .description(
            "Unrelayed outbox rows an isolation holds (emergency isolate --isolate-kafka, a strict"
                + " corruption isolation): they wait for its release, not for the relay.")
        .register(registry);
    Gauge.builder("aurum.relay.lag.seconds", this, RelayMetrics::lagSeconds)
        .description(
            "Age of the oldest outbox row the relay may send (held rows excluded), 0 when none"
                + " waits: how far behind the relay is.")
        .register(registry);
  }

  /** Counts a batch Kafka acknowledged, a message at a time by source and change kind. */
  public void sent(List<ChangeMessage> batch) {
    for (ChangeMessage m : batch) {
      meters
          .counter(
              "aurum.relay.messages",
              "Change messages Kafka acknowledged, by source (the topic's) and change kind.",
              null,
              "source",
              m.source(),
              "kind",
              m.kind())
          .increment();
    }
  }

  /** Counts a failed batch: its rows are sent again. */
  public void failed() {
    failures.increment();
  }

  /** Counts relayed rows deleted after the retention. */
  public void pruned(int rows) {
    pruned.increment(rows);
  }

  /** Whether this process holds the relay lease, after its last pass or its release. */
  public void leaseHeld(boolean held) {
    leaseHeld.set(held ? 1 : 0);
  }

  private double read(java.util.function.ToLongFunction<Outbox.Backlog> figure) {
    Outbox.Backlog b = backlog();
    return b == null ? Double.NaN : figure.applyAsLong(b);
  }

  private double lagSeconds() {
    Outbox.Backlog b = backlog();
    if (b == null) {
      return Double.NaN;
    }
    if (b.oldestSendable() == null) {
      return 0;
    }
    long ms = Duration.between(b.oldestSendable(), clock.instant()).toMillis();
    return Math.max(0, ms) / 1000.0; // a writer's clock ahead of this one: not behind
  }

  /** The backlog of the last read, read again when older than {@code readEvery}. */
  private Outbox.Backlog backlog() {
    synchronized (lock) {
      Instant now = clock.instant();
      if (readAt == null || !now.isBefore(readAt.plus(readEvery))) {
        readAt = now;
        try {
          backlog = outbox.backlog();
          warned = false;
        } catch (RuntimeException e) { // a scrape never fails: the gauges say NaN
          backlog = null;
          if (!warned) {
            LOG.warn("cannot read the outbox backlog for the relay's gauges: {}", e.getMessage());
            warned = true;
          }
        }
      }
      return backlog;
    }
  }
}
