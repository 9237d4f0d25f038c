package io.aurum.app.kafka;

import io.aurum.app.metrics.RelayMetrics;
import io.aurum.core.port.Store;
import io.aurum.core.relay.ChangeMessage;
import io.aurum.core.relay.ChangePublisher;
import io.aurum.core.relay.OutboxRelay;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The relay loop in the background, for {@code aurum relay}, {@code serve --relay} and (wired by
 * the lead) {@code worker --relay}: batches back to back while there are rows, a poll interval's
 * pause when there are none or another process holds the lease, a back-off after a failure (the
 * loop survives it), and the prune of relayed rows once an hour. With {@link RelayMetrics} it
 * records what it sends, its failures, its prunes and whether it holds the lease. {@link #close}
 * stops the loop, gives the lease up and closes the producer.
 */
public final class RelayService implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(RelayService.class);

  /** The pause when there is nothing to send. */
  public static final Duration DEFAULT_POLL = Duration.ofMillis(500);

  /** How often relayed rows past their retention are deleted. */
  public static final Duration PRUNE_EVERY = Duration.ofHours(1);

  /** The pause after a failed batch (Kafka down, the database busy). */
  static final Duration BACKOFF = Duration.ofSeconds(2);

  /** What the loop runs with. */
  public record Options(int batch, Duration lease, Duration poll, Duration retention) {
    public Options {
      if (batch < 1) {
        throw new io.aurum.core.error.AurumException.BadInput(
            "--batch " + batch + " must be at least 1 (default " + OutboxRelay.DEFAULT_BATCH + ")");
      }
    }
  }

  private final OutboxRelay relay;
  private final ChangePublisher publisher;
  private final Options options;
  private final Clock clock;
  private final RelayMetrics metrics; // null: none recorded
  private final Thread thread;
  private final java.util.concurrent.CountDownLatch stop =
      new java.util.concurrent.CountDownLatch(1);
  private volatile boolean running = true;
  private volatile long sent;
  private volatile boolean lastFailed;

  private RelayService(
      OutboxRelay relay,
      ChangePublisher publisher,
      Options options,
      Clock clock,
      RelayMetrics metrics) {
    this.relay = relay;
    this.publisher = publisher;
    this.options = options;
    this.clock = clock;
    this.metrics = metrics;
    this.thread = new Thread(this::loop, "aurum-relay");
    this.thread.setDaemon(true);
  }

  /** Starts relaying {@code store}'s outbox to Kafka in a background thread. */
  public static RelayService start(
      Store store, KafkaSettings settings, Options options, Clock clock) {
    return start(store, settings, options, clock, null);
  }

  /** As above, recording into {@code metrics} (null: nothing recorded). */
  public static RelayService start(
      Store store, KafkaSettings settings, Options options, Clock clock, RelayMetrics metrics) {
    String holder = holderId();
    LOG.info("relay {} sending to Kafka ({})", holder, settings.describe());
    ChangePublisher publisher = new KafkaChangePublisher(settings, "aurum-relay-" + holder);
    if (metrics != null) {
      publisher = new Counted(publisher, metrics);
    }
    OutboxRelay relay =
        new OutboxRelay(store.outbox(), publisher, holder, options.batch(), options.lease(), clock);
    RelayService s = new RelayService(relay, publisher, options, clock, metrics);
    s.thread.start();
    return s;
  }

  /** The relay for one drain ({@code aurum relay --once}); the caller closes the publisher. */
  public static OutboxRelay once(Store store, ChangePublisher publisher, Options options, Clock c) {
    return new OutboxRelay(
        store.outbox(), publisher, holderId(), options.batch(), options.lease(), c);
  }

  /** Messages sent since start. */
  public long sent() {
    return sent;
  }

  /**
   * Ready ({@code /health/ready} of {@code aurum relay --metrics-port}): the loop runs and its last
   * pass did not fail (the store answered and Kafka took the batch, or another relay holds the
   * lease).
   */
  public boolean ready() {
    return running && thread.isAlive() && !lastFailed;
  }

  private void loop() {
    Instant nextPrune = clock.instant();
    while (running) {
      Duration pause = Duration.ZERO;
      try {
        if (!clock.instant().isBefore(nextPrune)) {
          int pruned = relay.prune(options.retention());
          if (metrics != null) {
            metrics.pruned(pruned);
          }
          if (pruned > 0) {
            LOG.info("pruned {} relayed outbox rows older than {}", pruned, options.retention());
          }
          nextPrune = clock.instant().plus(PRUNE_EVERY);
        }
        OutboxRelay.Pass p = relay.runOnce();
        sent += p.messages();
        lastFailed = false;
        if (metrics != null) {
          metrics.leaseHeld(p.leaseHeld());
        }
        if (!p.leaseHeld() || p.rows() < options.batch()) {
          pause = options.poll();
        }
      } catch (Throwable t) { // the loop survives anything; the rows stay unrelayed
        LOG.warn("relay batch failed, retrying in {}: {}", BACKOFF, t.getMessage());
        lastFailed = true;
        if (metrics != null) {
          metrics.failed();
        }
        pause = BACKOFF;
      }
      if (!pause.isZero()) {
        sleep(pause);
      }
    }
  }

  private void sleep(Duration d) {
    try {
      stop.await(d.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      running = false;
    }
  }

  @Override
  public void close() {
    running = false;
    stop.countDown(); // a batch in flight finishes and is marked: no resend after a clean stop
    try {
      thread.join(Duration.ofSeconds(30).toMillis());
      if (thread.isAlive()) {
        thread.interrupt();
        thread.join(Duration.ofSeconds(5).toMillis());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    try {
      relay.release();
      if (metrics != null) {
        metrics.leaseHeld(false);
      }
    } catch (RuntimeException e) {
      LOG.warn("could not give the relay lease up: {}", e.getMessage());
    }
    publisher.close();
  }

  /** Counts what Kafka acknowledged, once {@code send} returns. */
  private static final class Counted implements ChangePublisher {
    private final ChangePublisher publisher;
    private final RelayMetrics metrics;

    Counted(ChangePublisher publisher, RelayMetrics metrics) {
      this.publisher = publisher;
      this.metrics = metrics;
    }

    @Override
    public void send(List<ChangeMessage> batch) {
      publisher.send(batch);
      metrics.sent(batch);
    }

    @Override
    public void close() {
      publisher.close();
    }
  }

  private static String holderId() {
    String host;
    try {
      host = java.net.InetAddress.getLocalHost().getHostName();
    } catch (java.net.UnknownHostException e) {
      host = "unknown-host";
    }
    return host
        + "-"
        + ProcessHandle.current().pid()
        + "-"
        + UUID.randomUUID().toString().substring(0, 8);
  }
}
