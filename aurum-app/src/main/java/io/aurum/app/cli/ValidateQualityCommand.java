package io.aurum.app.cli;

import io.aurum.app.wiring.AppContext;
import io.aurum.core.analysis.Validator;
import io.aurum.core.quality.QualityProfile;
import io.aurum.core.usecase.Validations;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code aurum validate quality}: re-runs the quality engine over a scope. */
@Command(
    name = "quality",
    mixinStandardHelpOptions = true,
    description =
        "Re-run the quality engine on every head version in the range, or in the scope of"
            + " operation --replay-id (runbook 2.6.2).")
public final class ValidateQualityCommand extends ValidationTool {
  @Mixin ScopeOptions scope;
  @Mixin JobIdOption job;

  @Option(
      names = {"--checks", "--quality-metrics"},
      split = ",",
      paramLabel = "C,…",
      description = "completeness, accuracy, consistency, timeliness (default: the profile's).")
  List<String> checks = List.of();

  @Option(
      names = "--profile",
      paramLabel = "NAME",
      description = "standard or enhanced_validation.")
  String profile;

  @Option(names = "--threshold", description = "Override the profile's threshold.")
  Double threshold;

  public ValidateQualityCommand(CliContext cli) {
    super(cli);
  }

  @Override
  void validate() {
    super.validate();
    Validations.qualityChecks(checks);
  }

  @Override
  int run(AppContext app) {
    ScopeOptions.Scope s = scope.resolve("validate quality", cli.clock(), job, store(app));
    QualityProfile p =
        Validations.profile(
            app.config().qualityProfiles().get(profile), checks, threshold, CliVocabulary.FLAGS);
    return render(
        new Validator(store(app), app.config(), CliVocabulary.INSTANCE)
            .quality(s.source(), s.datasets(), s.start(), s.end(), p, cli.clock().instant()));
  }
}
