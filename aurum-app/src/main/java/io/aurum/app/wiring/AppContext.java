package io.aurum.app.wiring;

import io.aurum.app.cli.CliContext;
import io.aurum.app.metrics.AurumMetrics;
import io.aurum.app.metrics.BothListeners;
import io.aurum.core.config.AurumConfig;
import io.aurum.core.engine.EngineListener;
import io.aurum.core.engine.OperationRunner;
import io.aurum.core.error.AurumException;
import io.aurum.core.history.HistoryRecorder;
import io.aurum.core.model.SourceId;
import io.aurum.core.ops.OperationService;
import io.aurum.core.port.Connector;
import io.aurum.core.port.Store;
import io.aurum.core.transform.TransformPlugins;
import io.aurum.sandbox.Sandbox;
import io.aurum.sandbox.SandboxConfig;
import io.aurum.store.JdbcStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The composition root: resolves where data, configuration and the database are, opens the store,
 * starts the in-process sandbox when asked, and builds the connectors and services. The one place
 * that knows every module. Thread-safe: what it opens on first use is opened once, and the parts it
 * hands out are; a server's commands share it through {@link #open}.
 */
public final class AppContext implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(AppContext.class);
  private static final AtomicLong STORES_OPENED = new AtomicLong();

  private final CliContext cli;
  private final Locations locations;
  private final AurumConfig config;
  private Store store;
  private Sandbox sandbox;
  private Map<SourceId, Connector> connectors;
  private Integer metricsPort;
  private java.time.Duration metricsLinger = java.time.Duration.ZERO;
  private java.util.function.BooleanSupplier metricsReady;
  private AurumMetrics metrics;
  private HistoryRecorder history;
  private boolean metricsShared;

  /** The server's context a command runs in: its store, connectors and metrics; null otherwise. */
  private final AppContext parent;

  private AppContext(CliContext cli, Locations locations, AurumConfig config, AppContext parent) {
    this.cli = cli;
    this.locations = locations;
    this.config = config;
    this.parent = parent;
  }

  /**
   * The context of one command: the server's ({@link CliContext#shared()}) with this command's
   * streams, environment and actor when it runs inside {@code aurum serve}, so a request opens no
   * second store, sandbox or connector set; otherwise a new one at {@code where}.
   */
  public static AppContext open(CliContext cli, Supplier<Locations> where) {
    AppContext shared = cli.shared();
    if (shared == null) {
      return create(cli, where.get());
    }
    AppContext root = shared.parent == null ? shared : shared.parent;
    return new AppContext(cli, root.locations, root.config, root);
  }

  /** This context for commands run in this process, sharing its store: see {@link #open}. */
  public CliContext sharedWith(CliContext command) {
    return new CliContext(command.env(), command.out(), command.err(), command.clock(), this);
  }

  /** Reads the configuration; opens nothing else until asked. */
  public static AppContext create(CliContext cli, Locations locations) {
    AurumConfig config = AurumConfig.load(locations.configDir());
    TransformPlugins.useDirectory(locations.pluginsDir());
    LOG.info(
        "home={} config={} db={} sandbox={}",
        locations.home(),
        locations.configDir(),
        locations.describeDb(),
        locations.sandbox());
    return new AppContext(cli, locations, config, null);
  }

  /** Stores opened by contexts of this process so far: a server's routes open none of their own. */
  public static long storesOpened() {
    return STORES_OPENED.get();
  }

  public AurumConfig config() {
    return config;
  }

  public Locations locations() {
    return locations;
  }

  public CliContext cli() {
    return cli;
  }

  /** The store, opened (and migrated) on first use. */
  public synchronized Store store() {
    if (parent != null) {
      return parent.store();
    }
    if (store == null) {
      store = JdbcStore.open(locations.dbUrl());
      STORES_OPENED.incrementAndGet();
    }
    return store;
  }

  /**
   * The store if the database already exists, without creating it: a dry run on a fresh data
   * directory must not write anything.
   */
  public Optional<Store> existingStore() {
    if (parent != null) {
      return parent.existingStore();
    }
    if (locations.sqliteFile().isPresent() && !Files.exists(locations.sqliteFile().get())) {
      return Optional.empty();
    }
    return Optional.of(store());
  }

  /** Connectors for every source, pointed at the sandbox when sandbox mode is on. */
  public synchronized Map<SourceId, Connector> connectors() {
    if (parent != null) {
      return parent.connectors();
    }
    if (connectors == null) {
      Map<String, String> env = new HashMap<>(cli.env());
      if (locations.sandbox()) {
        // The engine's clock also bounds the sandbox's data, so "today" is one day for both.
        sandbox = Sandbox.start(SandboxConfig.defaults().withClock(cli.clock()));
        Connectors.pointAtSandbox(env, sandbox.baseUrl());
      }
      connectors = Connectors.build(env, locations.configDir(), cli.clock(), config.quotas());
    }
    return connectors;
  }

  /** Connectors for planning only: they build requests but never call upstream. */
  public Map<SourceId, Connector> plannerConnectors() {
    if (parent != null) {
      return parent.plannerConnectors();
    }
    return connectors != null
        ? connectors
        : Connectors.build(cli.env(), locations.configDir(), cli.clock(), config.quotas());
  }

  /**
   * Asks for {@code /metrics} on {@code port} (null: none) once an operation runs, kept up {@code
   * linger} after it ended. Nothing is served for a command that runs no operation.
   */
  public void metricsOn(Integer port, java.time.Duration linger) {
    this.metricsPort = port;
    this.metricsLinger = linger == null ? java.time.Duration.ZERO : linger;
  }

  /**
   * With {@link #metricsOn}: the metrics server also answers {@code /health/live} and {@code
   * /health/ready} (200 while {@code ready} is true, else 503), as a worker's does.
   */
  public void metricsHealth(java.util.function.BooleanSupplier ready) {
    this.metricsReady = ready;
  }

  /**
   * Records into {@code served}, a registry someone else serves ({@code aurum serve}'s {@code
   * /metrics}), instead of starting a metrics server; the caller closes it.
   */
  public void metricsInto(AurumMetrics served) {
    this.metrics = served.pricedBy(config);
    this.metricsShared = true;
  }

  /** The metrics server, started on first use when a port was asked for; null otherwise. */
  public synchronized AurumMetrics metrics() {
    if (parent != null) {
      return parent.metrics();
    }
    if (metrics == null && metricsPort != null) {
      try {
        metrics = AurumMetrics.serve(metricsPort, metricsLinger, metricsReady).pricedBy(config);
      } catch (java.io.UncheckedIOException e) {
        throw new AurumException.BadInput(
            "--metrics-port "
                + metricsPort
                + ": cannot listen there ("
                + e.getCause().getMessage()
                + "); choose another port, or 0 for any free one");
      }
      cli.err().printf("metrics: http://localhost:%d/metrics%n", metrics.port());
      cli.err().flush();
      LOG.info("serving metrics on port {}", metrics.port());
    }
    return metrics;
  }

  /**
   * The recorder of every operation run's history ({@code aurum metrics}), on the store; the heap
   * this process uses is its memory figure.
   */
  private synchronized HistoryRecorder history() {
    if (parent != null) {
      return parent.history();
    }
    if (history == null) {
      Runtime rt = Runtime.getRuntime();
      history =
          HistoryRecorder.start(
              store().history(),
              cli.clock(),
              () -> rt.totalMemory() - rt.freeMemory(),
              config.defaults().metricsHistoryRetention());
    }
    return history;
  }

  public OperationService operations(EngineListener listener) {
    AurumMetrics m = metrics();
    EngineListener recorded = BothListeners.of(listener, history());
    return new OperationService(
        new OperationRunner.Dependencies(
            store(),
            connectors(),
            config,
            cli.clock(),
            locations.home().resolve("logs"),
            BothListeners.of(recorded, m == null ? null : m.listener()),
            LocalProcesses.INSTANCE));
  }

  /**
   * What a worker's engine needs: as {@link #operations}, with task leases of {@code lease} and
   * {@code extra} (the worker's fenced-publish count) beside the other listeners.
   */
  public OperationRunner.Dependencies workerDependencies(
      EngineListener extra, java.time.Duration lease) {
    AurumMetrics m = metrics();
    EngineListener recorded = BothListeners.of(extra, history());
    return new OperationRunner.Dependencies(
        store(),
        connectors(),
        config.withLease(lease),
        cli.clock(),
        locations.home().resolve("logs"),
        BothListeners.of(recorded, m == null ? null : m.listener()),
        LocalProcesses.INSTANCE);
  }

  /** Operation control (status, pause, cancel): no connectors, no sandbox. */
  public OperationService control() {
    Store s =
        existingStore()
            .orElseThrow(
                () ->
                    new AurumException.NotFound(
                        "no operations yet: there is no database at "
                            + locations.describeDb()
                            + " (start one with aurum backfill)"));
    return new OperationService(
        new OperationRunner.Dependencies(
            s,
            Map.of(),
            config,
            cli.clock(),
            locations.home().resolve("logs"),
            EngineListener.NONE,
            LocalProcesses.INSTANCE));
  }

  /** Rollbacks over the existing store; backups go to DATA_DIR/backups. */
  public io.aurum.core.rollback.RollbackService rollbacks() {
    return new io.aurum.core.rollback.RollbackService(
        store(), cli.clock(), locations.home().resolve("backups"));
  }

  public Path failureLogDir() {
    return locations.home().resolve("logs");
  }

  /** Closes what this context opened; a command's view of a server's context opened nothing. */
  @Override
  public void close() {
    if (parent != null) {
      return;
    }
    if (history != null) {
      history.close();
    }
    if (metrics != null && !metricsShared) {
      metrics.close();
    }
    if (store != null) {
      store.close();
    }
    if (sandbox != null) {
      sandbox.close();
    }
  }
}
