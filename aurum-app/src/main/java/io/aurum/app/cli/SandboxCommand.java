package io.aurum.app.cli;

import io.aurum.core.error.AurumException;
import io.aurum.sandbox.Sandbox;
import io.aurum.sandbox.SandboxConfig;
import java.io.UncheckedIOException;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code aurum sandbox --port N}: the upstream emulator as a standalone server, until killed. */
@Command(
    name = "sandbox",
    mixinStandardHelpOptions = true,
    description = "Run the local emulator of the upstream APIs.")
public final class SandboxCommand implements Callable<Integer> {
  private final CliContext cli;
  @Mixin CommonOptions common;

  @Option(names = "--port", description = "Port to listen on (0 picks a free one).")
  int port = 9000;

  @Option(names = "--no-quotas", description = "Serve without enforcing the emulated quotas.")
  boolean noQuotas;

  @Option(
      names = "--strict-quotas",
      description =
          "Enforce the real quotas (EIA 5/s, FRED 120/min, NOAA 5/s, CAISO 1 per 5 s, PJM 6/min,"
              + " NYISO 60/min) as strict sliding windows instead of token buckets.")
  boolean strictQuotas;

  @Option(
      names = "--fault",
      paramLabel = "SOURCE:NAME=VALUE[;NAME=VALUE]",
      description =
          "Inject faults into one source, e.g. eia:error_rate=0.1 or caiso:latency_ms=200;throttle_next=3"
              + " (names as in POST /_admin/faults). Repeatable.")
  java.util.List<String> faults = java.util.List.of();

  public SandboxCommand(CliContext cli) {
    this.cli = cli;
  }

  @Override
  public Integer call() throws InterruptedException {
    Logging.configure(common.logLevel());
    if (port < 0 || port > 65535) {
      throw new AurumException.BadInput(
          "--port " + port + " is not a port: use 1 to 65535, or 0 to pick a free one");
    }
    SandboxConfig config = SandboxConfig.defaults().withPort(port);
    if (strictQuotas) {
      config = config.withStrictWindows();
    }
    if (noQuotas) {
      config = config.withoutQuotas();
    }
    try (Sandbox sandbox = start(config)) {
      for (String f : faults) {
        int colon = f.indexOf(':');
        if (colon <= 0) {
          throw new AurumException.BadInput(
              "--fault must be SOURCE:NAME=VALUE, e.g. eia:error_rate=0.1, got '" + f + "'");
        }
        try {
          sandbox.faults(f.substring(0, colon).trim(), f.substring(colon + 1));
        } catch (NumberFormatException e) {
          throw new AurumException.BadInput(
              "--fault " + f + ": a value is not a number, e.g. eia:error_rate=0.1");
        } catch (IllegalArgumentException e) {
          throw new AurumException.BadInput("--fault " + f + ": " + e.getMessage());
        }
      }
      cli.out()
          .printf(
              "sandbox listening on %s (sources: %s); admin API under /_admin/; Ctrl-C to stop%n",
              sandbox.baseUrl(), String.join(", ", sandbox.sources()));
      cli.out().flush();
      new CountDownLatch(1).await();
    }
    return 0;
  }

  /** Starts the server; a port another process holds is the user's to change (exit 2). */
  private static Sandbox start(SandboxConfig config) {
    try {
      return Sandbox.start(config);
    } catch (UncheckedIOException e) {
      throw new AurumException.BadInput(
          "cannot listen on port "
              + config.port()
              + ": "
              + (e.getCause() instanceof java.net.BindException
                  ? "it is in use"
                  : Cli.oneLine(String.valueOf(e.getCause().getMessage())))
              + "; pick another --port, or 0 for a free one");
    }
  }
}
