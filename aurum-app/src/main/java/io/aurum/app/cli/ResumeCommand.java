package io.aurum.app.cli;

import io.aurum.app.wiring.AppContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code aurum resume}: resumes any operation in the foreground. */
@Command(
    name = "resume",
    mixinStandardHelpOptions = true,
    description = "Resume an operation in this process from its last successful point.")
public final class ResumeCommand extends ControlTool {
  @Option(
      names = "--progress-interval",
      paramLabel = "SECONDS",
      description = "Seconds between progress lines when not on a terminal (default 300).")
  Integer progressInterval;

  @Option(names = "--error-details")
  boolean errorDetails;

  @picocli.CommandLine.Mixin MetricsOptions metrics;

  public ResumeCommand(CliContext cli) {
    super(cli);
  }

  @Override
  int run(AppContext app) {
    metrics.apply(app);
    return OperationControls.resume(app, job.require("resume"), progressInterval, errorDetails);
  }
}
