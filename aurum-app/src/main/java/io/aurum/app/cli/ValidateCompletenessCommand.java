package io.aurum.app.cli;

import io.aurum.app.wiring.AppContext;
import io.aurum.core.analysis.Validator;
import io.aurum.core.usecase.Validations;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code aurum validate completeness}: every due partition has a complete head. */
@Command(
    name = "completeness",
    mixinStandardHelpOptions = true,
    description = "Every due partition has a complete head.")
public final class ValidateCompletenessCommand extends ValidationTool {
  @Mixin ScopeOptions scope;
  @Mixin JobIdOption job;

  @Option(
      names = "--threshold",
      description = "Lowest share of expected rows present (default 1.0).")
  double threshold = 1.0;

  public ValidateCompletenessCommand(CliContext cli) {
    super(cli);
  }

  @Override
  int run(AppContext app) {
    ScopeOptions.Scope s = scope.resolve("validate completeness", cli.clock(), job, store(app));
    double share = Validations.threshold(threshold, CliVocabulary.FLAGS);
    return render(
        new Validator(store(app), app.config(), CliVocabulary.INSTANCE)
            .completeness(
                s.source(), s.datasets(), s.start(), s.end(), share, cli.clock().instant()));
  }
}
