package io.aurum.app.cli;

import io.aurum.app.wiring.AppContext;
import io.aurum.core.usecase.Emergencies;
import io.aurum.core.usecase.EmergencyRequests;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code aurum emergency stop}: pauses everything in scope but critical operations. */
@Command(
    name = "stop",
    mixinStandardHelpOptions = true,
    description =
        "Stop operations: running ones in scope pause at their next page boundary (lowest priority"
            + " first), none starts until aurum emergency release. Critical ones keep running.")
public final class EmergencyStop extends Tool {
  @Option(names = "--all", description = "Every source.")
  boolean all;

  @Option(names = "--source", paramLabel = "SOURCE")
  String source;

  @Option(
      names = {"--operation-id", "--job-id", "--replay-id"},
      paramLabel = "ID",
      description = "Stop this one operation (aliases --job-id, --replay-id).")
  String operationId;

  @Option(names = "--reason", description = "Why (required; audited).")
  String reason;

  @Option(names = "--include-critical", description = "Stop critical operations too.")
  boolean includeCritical;

  @Option(names = "--dry-run", description = "Show what would pause; change nothing.")
  boolean dryRun;

  private EmergencyRequests.Stop request;

  public EmergencyStop(CliContext cli) {
    super(cli);
  }

  @Override
  void validate() {
    request = new EmergencyRequests.Stop(all, source, operationId, reason, includeCritical, dryRun);
  }

  @Override
  int run(AppContext app) {
    Emergencies.Declared d = new Emergencies(app.store(), cli.clock()).stop(request, cli.actor());
    EmergencyViews.declared(d, cli.out());
    return 0;
  }
}
