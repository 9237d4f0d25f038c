package io.aurum.app.cli;

import io.aurum.app.server.Api;
import io.aurum.app.server.AurumServer;
import io.aurum.app.server.ServerOptions;
import io.aurum.app.wiring.AppContext;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code aurum serve}: the REST API over the same use cases as the commands (docs/server.md). */
@Command(
    name = "serve",
    mixinStandardHelpOptions = true,
    description =
        "Serve the REST API (bearer tokens, /openapi.json, /api-docs, /metrics, /health/*) until stopped.")
public final class ServeCommand extends Tool {
  @Option(
      names = "--port",
      paramLabel = "PORT",
      description = "Port to listen on (0: any free one). Default: 8080.")
  int port = ServerOptions.DEFAULT_PORT;

  @Option(
      names = "--bind",
      paramLabel = "ADDRESS",
      description = "Address to listen on. Default: 127.0.0.1 (this machine only).")
  String bind = ServerOptions.DEFAULT_BIND;

  @Option(
      names = "--tls-cert",
      paramLabel = "PEM",
      description = "Certificate chain (PEM): serve HTTPS.")
  Path tlsCert;

  @Option(
      names = "--tls-key",
      paramLabel = "PEM",
      description = "Private key (PEM, PKCS#8) of --tls-cert.")
  Path tlsKey;

  @Option(
      names = "--relay",
      description =
          "Also relay the outbox to Kafka in this process (aurum relay; --bootstrap-servers or $AURUM_KAFKA_BOOTSTRAP_SERVERS).")
  boolean relay;

  @picocli.CommandLine.Mixin KafkaOptions kafka;

  private final CountDownLatch stopped = new CountDownLatch(1);

  public ServeCommand(CliContext cli) {
    super(cli);
  }

  @Override
  void validate() {
    if (port < 0 || port > 65535) {
      throw new io.aurum.core.error.AurumException.BadInput(
          "--port " + port + " is not a port: use 1 to 65535, or 0 for any free one");
    }
    if ((tlsCert == null) != (tlsKey == null)) {
      throw new io.aurum.core.error.AurumException.BadInput(
          "--tls-cert and --tls-key go together: give both PEM files, or neither for plain HTTP");
    }
    if (tlsCert != null) {
      io.aurum.app.server.Tls.keyStore(tlsCert, tlsKey); // refused here, before anything opens
    }
    if (relay) {
      kafka.validate(cli);
    }
  }

  @Override
  int run(AppContext app) {
    Api api = new Api(app);
    AurumServer server;
    try {
      server = AurumServer.start(api, new ServerOptions(bind, port, tlsCert, tlsKey));
    } catch (RuntimeException e) {
      api.close();
      throw e;
    }
    cli.err()
        .printf(
            "serving on %s://%s:%d (API document /openapi.json, Swagger UI /api-docs); stop with Ctrl-C%n",
            tlsCert == null ? "http" : "https", bind, server.port());
    cli.err().flush();
    io.aurum.app.kafka.RelayService relayService =
        relay
            ? io.aurum.app.kafka.RelayService.start(
                app.store(),
                kafka.settings(cli),
                kafka.options(app),
                cli.clock(),
                api.metrics().relay(app.store().outbox(), cli.clock()))
            : null;
    if (relayService != null) {
      cli.err().printf("relaying the outbox to Kafka (%s)%n", kafka.settings(cli).describe());
      cli.err().flush();
    }
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  if (relayService != null) {
                    relayService.close();
                  }
                  server.close();
                  stopped.countDown();
                },
                "aurum-serve-stop"));
    try {
      stopped.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      server.close();
    }
    return 0;
  }
}
