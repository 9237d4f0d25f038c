package io.aurum.app.cli;

import io.aurum.app.kafka.RelayService;
import io.aurum.app.metrics.AurumMetrics;
import io.aurum.app.wiring.AppContext;
import io.aurum.core.engine.EngineListener;
import io.aurum.core.error.AurumException;
import io.aurum.core.model.SourceId;
import io.aurum.core.model.Task;
import io.aurum.core.ops.WorkerProcess;
import io.aurum.core.port.PublishResult;
import io.aurum.core.port.Store;
import java.time.Duration;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code aurum worker}: one of many processes that run the operations submitted with {@code
 * --submit}, on one PostgreSQL (docs/cli.md, "Workers"). SIGTERM or SIGINT drains it and it exits
 * 0.
 */
@Command(
    name = "worker",
    mixinStandardHelpOptions = true,
    description =
        "Run the windows of operations submitted with --submit, beside any number of other workers on one PostgreSQL, until SIGTERM drains it.")
public final class WorkerCommand extends Tool {
  @Option(
      names = "--sources",
      split = ",",
      paramLabel = "SOURCE",
      description = "Only operations of these sources (e.g. eia,fred); default all.")
  java.util.List<String> sources;

  @Option(
      names = "--concurrency",
      paramLabel = "N",
      description = "Fetch windows this worker runs at once (default 4).")
  int concurrency = 4;

  @Option(
      names = "--lease-seconds",
      paramLabel = "SECONDS",
      description =
          "Lease of the tasks it claims: another worker reclaims them this long after this one stops heartbeating (default 10).")
  int leaseSeconds = 10;

  @Option(
      names = "--metrics-port",
      paramLabel = "PORT",
      description =
          "Serve /metrics, /health/live and /health/ready on this port (0: any free port, printed on standard error).")
  Integer metricsPort;

  @Option(
      names = "--relay",
      description =
          "Also relay the outbox to Kafka in this process (aurum relay; --bootstrap-servers or $AURUM_KAFKA_BOOTSTRAP_SERVERS).")
  boolean relay;

  @picocli.CommandLine.Mixin KafkaOptions kafka;

  public WorkerCommand(CliContext cli) {
    super(cli);
  }

  @Override
  void validate() {
    if (concurrency < 1 || concurrency > 256) {
      throw new AurumException.BadInput(
          "--concurrency must be between 1 and 256, not " + concurrency);
    }
    if (leaseSeconds < 2 || leaseSeconds > 3600) {
      throw new AurumException.BadInput(
          "--lease-seconds must be between 2 and 3600, not " + leaseSeconds);
    }
    if (metricsPort != null && (metricsPort < 0 || metricsPort > 65_535)) {
      throw new AurumException.BadInput(
          "--metrics-port must be between 0 and 65535 (0: any free port), not " + metricsPort);
    }
    sourceNames();
    if (relay) {
      kafka.validate(cli);
    }
  }

  private Set<String> sourceNames() {
    Set<String> names = new TreeSet<>();
    if (sources != null) {
      for (String s : sources) {
        names.add(SourceId.parse(s.trim()).cliName().toLowerCase(Locale.ROOT));
      }
    }
    return names;
  }

  @Override
  int run(AppContext app) {
    SubmitOption.refuseSqlite(app, "aurum worker");
    Store store = app.store();
    WorkerProcess[] self = new WorkerProcess[1];
    app.metricsOn(metricsPort, Duration.ZERO);
    app.metricsHealth(() -> self[0] != null && self[0].ready());
    AurumMetrics metrics = app.metrics();
    FencedCount fenced = new FencedCount(store, metrics);
    WorkerProcess worker =
        new WorkerProcess(
            app.workerDependencies(fenced, Duration.ofSeconds(leaseSeconds)),
            new WorkerProcess.Settings(sourceNames(), concurrency, WorkerProcess.DEFAULT_POLL));
    fenced.workerId = worker.id();
    self[0] = worker;
    Drain.onSignals(worker::drain);
    cli.err()
        .printf("worker %s started; stop it with SIGTERM (it drains, then exits)%n", worker.id());
    // One relay sends at a time per database (its lease): any number of workers may ask for it.
    RelayService relayService =
        relay
            ? RelayService.start(
                store,
                kafka.settings(cli),
                kafka.options(app),
                cli.clock(),
                metrics == null ? null : metrics.relay(store.outbox(), cli.clock()))
            : null;
    if (relayService != null) {
      cli.err().printf("relaying the outbox to Kafka (%s)%n", kafka.settings(cli).describe());
    }
    cli.err().flush();
    try {
      worker.run();
    } finally {
      if (relayService != null) {
        relayService.close();
      }
    }
    cli.err().printf("worker %s drained%n", worker.id());
    cli.err().flush();
    return 0;
  }

  /** Counts this worker's fenced publishes in its row and in Prometheus. */
  private static final class FencedCount implements EngineListener {
    private final Store store;
    private final AurumMetrics metrics;
    volatile String workerId;

    FencedCount(Store store, AurumMetrics metrics) {
      this.store = store;
      this.metrics = metrics;
    }

    @Override
    public void taskFenced(Task task, PublishResult.Fenced fenced) {
      if (metrics != null) {
        metrics.workerFencedPublish();
      }
      if (workerId != null) {
        store.workers().countFenced(workerId, 1);
      }
    }
  }

  /** SIGTERM and SIGINT drain the worker instead of stopping the JVM, so it exits 0. */
  private static final class Drain {
    private Drain() {}

    @SuppressWarnings("restriction")
    static void onSignals(Runnable drain) {
      for (String name : new String[] {"TERM", "INT"}) {
        try {
          sun.misc.Signal.handle(new sun.misc.Signal(name), sig -> drain.run());
        } catch (IllegalArgumentException unavailable) {
          // Not on this platform: the JVM's default stops it, and the leases expire.
        }
      }
    }
  }
}
