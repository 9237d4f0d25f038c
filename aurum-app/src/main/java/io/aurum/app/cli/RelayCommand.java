package io.aurum.app.cli;

import io.aurum.app.kafka.KafkaChangePublisher;
import io.aurum.app.kafka.KafkaSettings;
import io.aurum.app.kafka.RelayService;
import io.aurum.app.metrics.RelayMetrics;
import io.aurum.app.wiring.AppContext;
import io.aurum.core.error.AurumException;
import io.aurum.core.port.Store;
import io.aurum.core.relay.OutboxRelay;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code aurum relay}: sends the outbox's changes (publish, rollback, quarantine, corruption
 * isolation) to Kafka, a topic per source (docs/kafka.md). Until stopped, or with {@code --once}
 * until the outbox has nothing more to send. With {@code --metrics-port} it serves the relay's
 * metrics and health paths (docs/monitoring.md, "Relay").
 */
@Command(
    name = "relay",
    mixinStandardHelpOptions = true,
    description =
        "Send published changes from the outbox to Kafka (topic PREFIX.<source>.changes) until stopped.")
public final class RelayCommand extends Tool {
  @Mixin KafkaOptions kafka;

  @Option(names = "--once", description = "Send what the outbox holds now, prune, and exit.")
  boolean once;

  @Option(
      names = "--metrics-port",
      paramLabel = "PORT",
      description =
          "Serve /metrics, /health/live and /health/ready on this port (0: any free port, printed on standard error).")
  Integer metricsPort;

  private final CountDownLatch stopped = new CountDownLatch(1);

  public RelayCommand(CliContext cli) {
    super(cli);
  }

  @Override
  void validate() {
    if (metricsPort != null && (metricsPort < 0 || metricsPort > 65_535)) {
      throw new AurumException.BadInput(
          "--metrics-port must be between 0 and 65535 (0: any free port), not " + metricsPort);
    }
    if (metricsPort != null && once) {
      throw new AurumException.BadInput(
          "--metrics-port serves a relay that keeps running: drop --once, or drop --metrics-port");
    }
    kafka.validate(cli);
  }

  @Override
  int run(AppContext app) {
    KafkaSettings settings = kafka.settings(cli);
    RelayService.Options options = kafka.options(app);
    Store store = store(app);
    if (once) {
      try (KafkaChangePublisher publisher =
          new KafkaChangePublisher(settings, "aurum-relay-once")) {
        OutboxRelay relay = RelayService.once(store, publisher, options, cli.clock());
        try {
          OutboxRelay.Pass done = relay.drain();
          if (!done.leaseHeld()) {
            cli.out()
                .printf(
                    "relayed 0 changes: another relay holds the relay lease (a dead one's lapses"
                        + " %d s after its last batch); %d rows not relayed%n",
                    options.lease().toSeconds(), store.outbox().unrelayed());
            return 0;
          }
          int pruned = relay.prune(options.retention());
          long left = store.outbox().unrelayed();
          cli.out()
              .printf(
                  "relayed %d changes to %s; pruned %d relayed rows; %d rows not relayed (held by"
                      + " an isolation)%n",
                  done.messages(), settings.bootstrapServers(), pruned, left);
        } finally {
          relay.release();
        }
      }
      return 0;
    }
    RelayService[] self = new RelayService[1];
    RelayMetrics metrics = null;
    if (metricsPort != null) {
      app.metricsOn(metricsPort, Duration.ZERO);
      app.metricsHealth(() -> self[0] != null && self[0].ready());
      metrics = app.metrics().relay(store.outbox(), cli.clock());
    }
    RelayService service = RelayService.start(store, settings, options, cli.clock(), metrics);
    self[0] = service;
    cli.err().printf("relaying the outbox to Kafka (%s); stop with Ctrl-C%n", settings.describe());
    cli.err().flush();
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  service.close();
                  stopped.countDown();
                },
                "aurum-relay-stop"));
    try {
      stopped.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      service.close();
    }
    return 0;
  }
}
