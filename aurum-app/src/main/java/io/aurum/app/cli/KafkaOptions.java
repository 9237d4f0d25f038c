package io.aurum.app.cli;

import io.aurum.app.kafka.KafkaSettings;
import io.aurum.app.kafka.RelayService;
import io.aurum.app.wiring.AppContext;
import io.aurum.core.relay.OutboxRelay;
import picocli.CommandLine.Option;

/** The relay's options, shared by {@code aurum relay} and {@code serve --relay} (a mixin). */
public final class KafkaOptions {
  @Option(
      names = "--bootstrap-servers",
      paramLabel = "HOST:PORT[,...]",
      description = "Kafka brokers to send to (default $AURUM_KAFKA_BOOTSTRAP_SERVERS).")
  String bootstrapServers;

  @Option(
      names = "--topic-prefix",
      paramLabel = "PREFIX",
      description =
          "Topics are PREFIX.<source>.changes (default $AURUM_KAFKA_TOPIC_PREFIX or aurum).")
  String topicPrefix;

  @Option(
      names = "--batch",
      paramLabel = "N",
      description = "Outbox rows sent per batch (default 500).")
  int batch = OutboxRelay.DEFAULT_BATCH;

  /** The settings, checked: bad input before anything opens. */
  KafkaSettings settings(CliContext cli) {
    return KafkaSettings.of(bootstrapServers, topicPrefix, cli.env());
  }

  RelayService.Options options(AppContext app) {
    return new RelayService.Options(
        batch,
        OutboxRelay.DEFAULT_LEASE,
        RelayService.DEFAULT_POLL,
        app.config().defaults().outboxRetention());
  }

  /** Checks the batch size before anything opens. */
  void validate(CliContext cli) {
    if (batch < 1) {
      throw new io.aurum.core.error.AurumException.BadInput(
          "--batch " + batch + " must be at least 1 (default " + OutboxRelay.DEFAULT_BATCH + ")");
    }
    settings(cli);
  }
}
