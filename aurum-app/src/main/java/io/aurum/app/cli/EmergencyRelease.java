package io.aurum.app.cli;

import io.aurum.app.wiring.AppContext;
import io.aurum.core.usecase.Emergencies;
import io.aurum.core.usecase.EmergencyRequests;
import io.aurum.core.usecase.EmergencyRequests.Target;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code aurum emergency release}: ends the active stop(s), a source's isolation ({@code
 * --isolation --source S}) or the monitoring level ({@code --monitor}), then resumes in this
 * process exactly what the stop or isolation paused, unless {@code --no-resume}.
 */
@Command(
    name = "release",
    mixinStandardHelpOptions = true,
    description =
        "End the emergency stop (or --isolation --source S, or --monitor) and resume, in this"
            + " process, exactly the operations it paused; --no-resume prints the resume commands.")
public final class EmergencyRelease extends Tool {
  @Option(names = "--isolation", description = "End the isolation of --source.")
  boolean isolation;

  @Option(names = "--monitor", description = "End the raised monitoring level.")
  boolean monitor;

  @Option(names = "--source", paramLabel = "SOURCE")
  String source;

  @Option(names = "--reason", description = "Why (audited).")
  String reason;

  @Option(names = "--no-resume", description = "Only end it; print the resume commands.")
  boolean noResume;

  @Option(names = "--dry-run", description = "Show what would end and resume; change nothing.")
  boolean dryRun;

  private EmergencyRequests.Release request;

  public EmergencyRelease(CliContext cli) {
    super(cli);
  }

  @Override
  void validate() {
    if (isolation && monitor) {
      throw new io.aurum.core.error.AurumException.BadInput(
          "release --isolation and --monitor are exclusive: release one at a time");
    }
    Target target = isolation ? Target.ISOLATION : monitor ? Target.MONITOR : Target.STOP;
    request = new EmergencyRequests.Release(target, source, reason, dryRun);
  }

  @Override
  int run(AppContext app) {
    Emergencies.Released r = new Emergencies(store(app), cli.clock()).release(request, cli.actor());
    EmergencyViews.released(r, cli.out());
    if (r.toResume().isEmpty() || dryRun) {
      return 0;
    }
    if (noResume) {
      for (String id : r.toResume()) {
        cli.out().printf("resume with: %s%n", StatusView.resumeCommand(app.control().get(id)));
      }
      cli.out().flush();
      return 0;
    }
    return EmergencyResumes.resumeAll(app, r.toResume());
  }
}
