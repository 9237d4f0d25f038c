package io.aurum.app.cli;

import io.aurum.sandbox.Sandbox;
import io.aurum.sandbox.SandboxConfig;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code aurum sandbox --port N}: the upstream emulator as a standalone server, until killed. */
@Command(
    name = "sandbox",
    mixinStandardHelpOptions = true,
    description = "Run the local emulator of the upstream APIs.")
public final class SandboxCommand implements Callable<Integer> {
  private final CliContext cli;

  @Option(names = "--port", description = "Port to listen on (0 picks a free one).")
  int port = 9000;

  @Option(names = "--no-quotas", description = "Serve without enforcing the emulated quotas.")
  boolean noQuotas;

  public SandboxCommand(CliContext cli) {
    this.cli = cli;
  }

  @Override
  public Integer call() throws InterruptedException {
    SandboxConfig config = SandboxConfig.defaults().withPort(port);
    if (noQuotas) {
      config = config.withoutQuotas();
    }
    try (Sandbox sandbox = Sandbox.start(config)) {
      cli.out()
          .printf(
              "sandbox listening on %s (sources: %s); admin API under /_admin/; Ctrl-C to stop%n",
              sandbox.baseUrl(), String.join(", ", sandbox.sources()));
      cli.out().flush();
      new CountDownLatch(1).await();
    }
    return 0;
  }
}
