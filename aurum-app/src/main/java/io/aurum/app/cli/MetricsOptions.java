package io.aurum.app.cli;

import io.aurum.app.wiring.AppContext;
import io.aurum.core.error.AurumException;
import java.time.Duration;
import picocli.CommandLine.Option;

/**
 * {@code --metrics-port} and {@code --metrics-linger} of the commands that run an operation
 * (backfill, replay, reprocess, resume): Prometheus metrics at {@code /metrics} while it runs
 * (docs/monitoring.md).
 */
public final class MetricsOptions {
  @Option(
      names = "--metrics-port",
      paramLabel = "PORT",
      description =
          "Serve Prometheus metrics at http://HOST:PORT/metrics while the operation runs (0: any free port, printed on standard error).")
  Integer port;

  @Option(
      names = "--metrics-linger",
      paramLabel = "SECONDS",
      description =
          "With --metrics-port: keep serving this many seconds after the operation ends, so a last scrape sees the final figures (default 0).")
  Integer linger;

  /** Tells the context to serve metrics once an operation runs; checks the flags first. */
  void apply(AppContext app) {
    if (port != null && (port < 0 || port > 65_535)) {
      throw new AurumException.BadInput(
          "--metrics-port must be between 0 and 65535 (0: any free port), not " + port);
    }
    if (linger != null && linger < 0) {
      throw new AurumException.BadInput(
          "--metrics-linger must be 0 or more seconds, not " + linger);
    }
    if (linger != null && port == null) {
      throw new AurumException.BadInput("--metrics-linger needs --metrics-port");
    }
    app.metricsOn(port, Duration.ofSeconds(linger == null ? 0 : linger));
  }
}
