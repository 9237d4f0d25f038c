package io.aurum.app.cli;

import io.aurum.app.wiring.AppContext;
import io.aurum.core.analysis.Validator;
import io.aurum.core.usecase.Validations;
import java.util.List;
import java.util.Set;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code aurum validate operation}: whether an operation completed cleanly. */
@Command(
    name = "operation",
    mixinStandardHelpOptions = true,
    description = "Whether an operation completed cleanly (runbook 2.7.1).")
public final class ValidateOperationCommand extends ValidationTool {
  @Mixin JobIdOption job;

  @Option(
      names = "--validation-checks",
      split = ",",
      paramLabel = "all|C,…",
      description = "all, or some of state, tasks, versions, quality, records, staged.")
  List<String> checks = List.of("all");

  private Set<String> asked;

  public ValidateOperationCommand(CliContext cli) {
    super(cli);
  }

  @Override
  void validate() {
    super.validate();
    job.require("validate operation");
    asked = Validations.operationChecks(checks);
  }

  @Override
  int run(AppContext app) {
    return render(
        new Validator(store(app), app.config(), CliVocabulary.INSTANCE)
            .operation(job.require("validate operation"), asked));
  }
}
