package io.aurum.app.cli;

import io.aurum.app.wiring.AppContext;
import io.aurum.core.analysis.Validator;
import io.aurum.core.usecase.Validations;
import java.util.List;
import java.util.Set;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code aurum validate integrity}: checksums, schema, completeness and heads of a scope. */
@Command(
    name = "integrity",
    mixinStandardHelpOptions = true,
    description =
        "Recompute version checksums and provenance digests, fail on NaN/Infinity values; check"
            + " schema, completeness and that every head points at a PUBLISHED version of its"
            + " partition. INCOMPLETE (exit 5) while an unfinished operation holds partitions"
            + " of the scope.")
public final class ValidateIntegrityCommand extends ValidationTool {
  @Mixin ScopeOptions scope;
  @Mixin JobIdOption job;

  @Option(
      names = "--integrity-checks",
      split = ",",
      paramLabel = "C,…",
      description = "schema, completeness, relationships (default all); checksums always.")
  List<String> checks = List.of("schema", "completeness", "relationships");

  private Set<String> asked;

  public ValidateIntegrityCommand(CliContext cli) {
    super(cli);
  }

  @Override
  void validate() {
    super.validate();
    asked = Validations.integrityChecks(checks);
  }

  @Override
  int run(AppContext app) {
    ScopeOptions.Scope s = scope.resolve("validate integrity", cli.clock(), job, store(app));
    return render(
        new Validator(store(app), app.config(), CliVocabulary.INSTANCE)
            .integrity(s.source(), s.datasets(), s.start(), s.end(), asked));
  }
}
