package io.aurum.app.cli;

import io.aurum.app.wiring.AppContext;
import io.aurum.core.usecase.Emergencies;
import io.aurum.core.usecase.EmergencyRequests;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code aurum emergency isolate}: nothing runs or publishes for the source until released. */
@Command(
    name = "isolate",
    mixinStandardHelpOptions = true,
    description =
        "Isolate a source: no operation starts, claims or publishes for it (running ones pause,"
            + " critical or not); reads still work. Ends with aurum emergency release --isolation.")
public final class EmergencyIsolate extends Tool {
  @Option(names = "--source", paramLabel = "SOURCE")
  String source;

  @Option(
      names = "--isolate-kafka",
      description = "Hold the source's outbox rows: nothing of it is relayed downstream.")
  boolean isolateKafka;

  @Option(names = "--reason", description = "Why (audited).")
  String reason;

  @Option(names = "--dry-run", description = "Show what would pause; change nothing.")
  boolean dryRun;

  private EmergencyRequests.Isolate request;

  public EmergencyIsolate(CliContext cli) {
    super(cli);
  }

  @Override
  void validate() {
    request = new EmergencyRequests.Isolate(source, isolateKafka, reason, dryRun);
  }

  @Override
  int run(AppContext app) {
    Emergencies.Declared d =
        new Emergencies(app.store(), cli.clock()).isolate(request, cli.actor());
    EmergencyViews.declared(d, cli.out());
    if (isolateKafka && !dryRun) {
      cli.out().printf("outbox rows of %s are held until the isolation is released%n", source);
    }
    cli.out().flush();
    return 0;
  }
}
