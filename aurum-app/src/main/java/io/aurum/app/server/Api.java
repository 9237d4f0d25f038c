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
  private final VerifiedTokens verified;
  private final AurumMetrics metrics;
  private final ServerRuns runs;
  private final ProgressFeed feed;
  private final StatusCache statuses;

  public Api(AppContext app) {
    this.app = app;
    this.metrics = AurumMetrics.unserved();
    app.metricsInto(metrics);
    this.tokens = new Tokens(app.store());
    this.verified = new VerifiedTokens(tokens);
    this.runs = new ServerRuns(app);
    this.feed = new ProgressFeed(this);
    this.statuses = new StatusCache(this);
  }

  public AppContext app() {
    return app;
  }

  public Tokens tokens() {
    return tokens;
  }

  /** The role check's tokens, each verified against the store at most once a second. */
  VerifiedTokens verified() {
    return verified;
  }

  public AurumMetrics metrics() {
    return metrics;
  }

  public ServerRuns runs() {
    return runs;
  }

  /** The live progress the event streams send. */
  public ProgressFeed feed() {
    return feed;
  }

  /** Operations' status documents, shared by their readers for up to a second. */
  StatusCache statuses() {
    return statuses;
  }

  /** Stops the operations this process runs (they are left resumable), then the metrics. */
  @Override
  public void close() {
    feed.close();
    runs.close();
    metrics.close();
  }
}
