package io.aurum.app.cli;

import io.aurum.app.kafka.KafkaChangePublisher;
import io.aurum.app.kafka.KafkaSettings;
import io.aurum.app.kafka.RelayService;
import io.aurum.app.wiring.AppContext;
import io.aurum.core.port.Store;
import io.aurum.core.relay.OutboxRelay;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code aurum relay}: sends the outbox's changes (publish, rollback, quarantine, corruption
 * isolation) to Kafka, a topic per source (docs/kafka.md). Until stopped, or with {@code --once}
 * until the outbox has nothing more to send.
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

  private final CountDownLatch stopped = new CountDownLatch(1);

  public RelayCommand(CliContext cli) {
    super(cli);
  }

  @Override
  void validate() {
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
    RelayService service = RelayService.start(store, settings, options, cli.clock());
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
