package io.aurum.app.cli;

import io.aurum.app.wiring.AppContext;
import io.aurum.core.usecase.Emergencies;
import io.aurum.core.usecase.EmergencyRequests;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code aurum emergency monitor}: a raised monitoring level that expires by itself. */
@Command(
    name = "monitor",
    mixinStandardHelpOptions = true,
    description =
        "Raise monitoring until --duration passes: shorter heartbeats and progress, every quality"
            + " warning held. normal ends a raised level.")
public final class EmergencyMonitor extends Tool {
  @Option(names = "--level", paramLabel = "LEVEL", description = "normal, elevated or critical.")
  String level;

  @Option(names = "--duration", paramLabel = "4h", description = "How long (default 4h).")
  String duration = "4h";

  @Option(names = "--reason", description = "Why (audited).")
  String reason;

  @Option(names = "--dry-run", description = "Show the level and expiry; change nothing.")
  boolean dryRun;

  private EmergencyRequests.Monitor request;

  public EmergencyMonitor(CliContext cli) {
    super(cli);
  }

  @Override
  void validate() {
    request =
        new EmergencyRequests.Monitor(level, EmergencyRequests.duration(duration), reason, dryRun);
  }

  @Override
  int run(AppContext app) {
    Emergencies.Level l = new Emergencies(app.store(), cli.clock()).monitor(request, cli.actor());
    String prefix = l.dryRun() ? "dry run: would set" : "set";
    if (l.expiresAt() == null) {
      cli.out().printf("%s monitoring level normal%n", prefix);
    } else {
      cli.out().printf("%s monitoring level %s until %s%n", prefix, l.level(), l.expiresAt());
    }
    cli.out().flush();
    return 0;
  }
}
