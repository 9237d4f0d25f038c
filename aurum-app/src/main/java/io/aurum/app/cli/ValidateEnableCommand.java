package io.aurum.app.cli;

import io.aurum.app.wiring.AppContext;
import io.aurum.app.wiring.Locations;
import io.aurum.core.error.AurumException;
import io.aurum.core.model.Operation;
import io.aurum.core.model.OperationParams;
import io.aurum.core.model.OperationSpec;
import io.aurum.core.quality.QualityCheck;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code aurum validate enable} (runbook 8.1): a running or paused operation switches to a stricter
 * quality profile and checks; its runner rereads them on the next cycle, so the versions it
 * publishes from then on pass the new gate.
 */
@Command(
    name = "enable",
    mixinStandardHelpOptions = true,
    description = "Enable enhanced validation on a running or paused operation.")
public final class ValidateEnableCommand implements Callable<Integer> {
  private final CliContext cli;
  @Mixin CommonOptions common;
  @Mixin JobIdOption job;

  @Option(
      names = "--validation-checks",
      split = ",",
      paramLabel = "A,B",
      description =
          "Checks to run: completeness, accuracy, consistency, timeliness (default: all of the profile).")
  List<String> checks = List.of();

  @Option(
      names = "--profile",
      paramLabel = "NAME",
      description = "Quality profile (default enhanced_validation).")
  String profile = "enhanced_validation";

  @Option(
      names = "--validation-threshold",
      paramLabel = "T",
      description = "Threshold in [0,1] (default: the profile's).")
  Double threshold;

  public ValidateEnableCommand(CliContext cli) {
    this.cli = cli;
  }

  @Override
  public Integer call() {
    Logging.configure(common.logLevel());
    String id = job.require("validate enable");
    if (threshold != null && (threshold < 0 || threshold > 1)) {
      throw new AurumException.BadInput(
          "--validation-threshold must be in [0, 1], got " + threshold);
    }
    List<String> checkNames =
        checks.stream().map(QualityCheck::parse).map(QualityCheck::cliName).toList();
    String checkList = String.join(",", checkNames);
    try (AppContext app = AppContext.open(cli, () -> Locations.resolve(common, cli))) {
      String profileName = app.config().qualityProfiles().get(profile).name();
      Operation op = app.control().get(id);
      if (op.state().terminal()) {
        throw new AurumException.IllegalStateChange(
            "operation "
                + id
                + " is "
                + op.state()
                + ": enhanced validation applies to running or paused operations (validate finished ones with aurum validate quality)");
      }
      OperationSpec s = op.spec();
      OperationParams.Quality was = s.params().quality();
      // No checks means every check of the profile; no threshold keeps the one set before.
      OperationParams.Quality quality =
          new OperationParams.Quality(
              profileName, threshold != null ? threshold : was.threshold(), checkNames);
      OperationSpec next = s.withParams(s.params().withQuality(quality));
      app.store().operations().updateSpec(id, next, cli.actor());
      cli.out()
          .printf(
              "%s: validation profile %s%s%s from its next published version%n",
              id,
              profileName,
              checkList.isEmpty() ? "" : ", checks " + checkList,
              threshold == null ? "" : ", threshold " + threshold);
      return 0;
    }
  }
}
