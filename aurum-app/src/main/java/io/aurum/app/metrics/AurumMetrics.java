package io.aurum.app.metrics;

import io.aurum.core.engine.EngineListener;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmInfoMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.config.MeterFilterReply;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;

/**
 * The metrics of one Aurum process: a Prometheus registry with the engine's metrics ({@link
 * EngineMetrics}) and the process and JVM ones (memory, GC, threads, classes, CPU, uptime, file
 * descriptors), served at {@code /metrics} by {@link MetricsServer}. Closing it keeps serving for
 * the linger time first when an operation ran, so that a last scrape sees the final figures.
 */
public final class AurumMetrics implements AutoCloseable {
  /**
   * Two binder metrics {@code promtool check metrics} objects to: {@code process_cpu_time_ns_total}
   * (a unit abbreviated; {@code process_cpu_usage} stays) is dropped, and {@code system_cpu_count}
   * (a {@code _count} suffix on a gauge) becomes {@code system_cpu_logical}.
   */
  static final MeterFilter PROMTOOL_CLEAN =
      new MeterFilter() {
        @Override
        public MeterFilterReply accept(Meter.Id id) {
          return "process.cpu.time".equals(id.getName())
              ? MeterFilterReply.DENY
              : MeterFilterReply.NEUTRAL;
        }

        @Override
        public Meter.Id map(Meter.Id id) {
          return "system.cpu.count".equals(id.getName()) ? id.withName("system.cpu.logical") : id;
        }
      };

  private final PrometheusMeterRegistry registry;
  private final EngineMetrics engine;
  private final MetricsServer server;
  private final Duration linger;
  private final Meters meters;
  private RelayMetrics relay;

  private AurumMetrics(
      PrometheusMeterRegistry registry,
      EngineMetrics engine,
      MetricsServer server,
      Duration linger) {
    this.registry = registry;
    this.engine = engine;
    this.server = server;
    this.linger = linger;
    this.meters = new Meters(registry);
  }

  /** A registry with every binder, served on {@code port} (0: any free port). */
  public static AurumMetrics serve(int port, Duration linger) {
    return bind(port, linger, null);
  }

  /** As {@link #serve}, with the health paths of a worker ({@link MetricsServer#start}). */
  public static AurumMetrics serve(
      int port, Duration linger, java.util.function.BooleanSupplier ready) {
    return bind(port, linger, ready);
  }

  /**
   * A registry with every binder that no server of its own serves: {@code aurum serve} answers
   * {@code /metrics} from it on its own port ({@link #scrape}).
   */
  public static AurumMetrics unserved() {
    return bind(null, Duration.ZERO, null);
  }

  private static AurumMetrics bind(
      Integer port, Duration linger, java.util.function.BooleanSupplier ready) {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    registry.config().meterFilter(PROMTOOL_CLEAN);
    new JvmMemoryMetrics().bindTo(registry);
    new GcMetrics().bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ClassLoaderMetrics().bindTo(registry);
    new JvmInfoMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    new UptimeMetrics().bindTo(registry);
    new FileDescriptorMetrics().bindTo(registry);
    MetricsServer server = port == null ? null : MetricsServer.start(registry, port, ready);
    return new AurumMetrics(registry, new EngineMetrics(registry), server, linger);
  }

  /**
   * Prices what the engine records with the cost model ({@code aurum_cost_estimated_usd_total}).
   */
  public AurumMetrics pricedBy(io.aurum.core.config.AurumConfig config) {
    engine.pricedBy(config);
    return this;
  }

  /**
   * Sets {@code aurum_alerts_firing{rule, severity}}: how many alerts of that rule metric fire now,
   * as this process last read the store's alert state after an evaluation.
   */
  public void alertsFiring(String rule, String severity, int count) {
    meters
        .gauge(
            "aurum.alerts.firing",
            "Alerts firing now, by rule metric and severity, as the store holds them after this"
                + " process's last evaluation.",
            "rule",
            rule,
            "severity",
            severity)
        .set(count);
  }

  /**
   * Counts one publish the store refused to this worker because another had taken the task's lease
   * over ({@code aurum_worker_fenced_publishes_total}).
   */
  public void workerFencedPublish() {
    meters
        .counter(
            "aurum.worker.fenced.publishes",
            "Publishes of this worker the store refused because another worker had taken the"
                + " task's lease over (fencing): the other worker publishes it.",
            null)
        .increment();
  }

  /**
   * The Kafka relay's metrics in this registry, reading {@code outbox}'s backlog when scraped: made
   * on the first call, the same ones after (one relay loop per process).
   */
  public synchronized RelayMetrics relay(io.aurum.core.relay.Outbox outbox, java.time.Clock clock) {
    if (relay == null) {
      relay = new RelayMetrics(meters, outbox, clock, RelayMetrics.DEFAULT_READ_EVERY);
    }
    return relay;
  }

  /** The engine listener that records into this registry. */
  public EngineListener listener() {
    return engine;
  }

  /** The port of its own server; -1 when it has none ({@link #unserved}). */
  public int port() {
    return server == null ? -1 : server.port();
  }

  /** The text a scrape returns now. */
  public String scrape() {
    return registry.scrape();
  }

  @Override
  public void close() {
    try {
      if (engine.operationsSeen() > 0 && linger.toMillis() > 0) {
        Thread.sleep(linger.toMillis());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      if (server != null) {
        server.close();
      }
      registry.close();
    }
  }
}
