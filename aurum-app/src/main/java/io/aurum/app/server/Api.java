package io.aurum.app.server;

import io.aurum.app.metrics.AurumMetrics;
import io.aurum.app.wiring.AppContext;
import io.aurum.core.usecase.Tokens;

/**
 * What the routes of one server share: the application context (configuration, store, connectors),
 * the tokens, the metrics registry {@code /metrics} serves, and the operations this process runs.
 * Thread-safe: the store and the services it hands out are.
 */
public final class Api implements AutoCloseable {
  private final AppContext app;
  private final Tokens tokens;
  private final AurumMetrics metrics;
  private final ServerRuns runs;

  public Api(AppContext app) {
    this.app = app;
    this.metrics = AurumMetrics.unserved();
    app.metricsInto(metrics);
    this.tokens = new Tokens(app.store());
    this.runs = new ServerRuns(app);
  }

  public AppContext app() {
    return app;
  }

  public Tokens tokens() {
    return tokens;
  }

  public AurumMetrics metrics() {
    return metrics;
  }

  public ServerRuns runs() {
    return runs;
  }

  /** Stops the operations this process runs (they are left resumable), then the metrics. */
  @Override
  public void close() {
    runs.close();
    metrics.close();
  }
}
