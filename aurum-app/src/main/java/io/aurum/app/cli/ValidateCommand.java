package io.aurum.app.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.aurum.app.wiring.AppContext;
import io.aurum.core.analysis.ValidationResult;
import io.aurum.core.analysis.Validator;
import io.aurum.core.error.AurumException;
import io.aurum.core.quality.QualityCheck;
import io.aurum.core.quality.QualityProfile;
import java.io.PrintWriter;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code aurum validate completeness|quality|integrity|operation} (runbook §1.6, §2.7). */
@Command(
    name = "validate",
    mixinStandardHelpOptions = true,
    description = "Post-operation validation; exit 5 when below threshold.",
    subcommands = {
      ValidateCommand.Completeness.class,
      ValidateCommand.Quality.class,
      ValidateCommand.Integrity.class,
      ValidateCommand.OperationCheck.class,
      ValidateEnableCommand.class
    })
public final class ValidateCommand {

  abstract static class Base extends Tool {
    @Mixin FormatOption formats;

    String format = "table";

    @Option(names = "--max-findings", description = "Findings printed in table form (default 100).")
    int maxFindings = 100;

    Base(CliContext cli) {
      super(cli);
    }

    @Override
    void validate() {
      format = formats.of("table", "json", "ndjson", "csv", "markdown");
    }

    int render(ValidationResult r) {
      PrintWriter out = cli.out();
      if (format.equals("json")) {
        ObjectNode n = Output.tree(r);
        n.put("verdict", r.verdict());
        Output.json(n, out);
      } else if (!format.equals("table")) {
        // The rows are the findings; the verdict is the exit code (and the json document).
        Render.Table t = Render.Table.of("dataset", "period", "check", "message");
        r.findings().forEach(f -> t.row(f.dataset(), f.period(), f.check(), f.message()));
        Render.print(format, t, out);
      } else {
        int shown = 0;
        for (ValidationResult.Finding f : r.findings()) {
          if (shown++ >= maxFindings) {
            out.printf(
                "… %d more finding(s) (use --format json)%n", r.findings().size() - maxFindings);
            break;
          }
          out.printf(
              "%-12s %-10s %-13s %s%n",
              f.dataset() == null ? "-" : f.dataset(),
              f.period() == null ? "-" : f.period(),
              f.check(),
              f.message());
        }
        r.notes().forEach((k, v) -> out.printf("%s: %s%n", k, v));
        out.printf(
            Locale.ROOT,
            "%s %s: %d checked, %d finding(s), score %.4f (threshold %.4f)%n",
            r.validation(),
            r.verdict(),
            r.checked(),
            r.findings().size(),
            r.score(),
            r.threshold());
        out.flush();
      }
      return r.passed() ? 0 : 5;
    }
  }

  @Command(
      name = "completeness",
      mixinStandardHelpOptions = true,
      description = "Every due partition has a complete head.")
  public static final class Completeness extends Base {
    @Mixin ScopeOptions scope;
    @Mixin JobIdOption job;

    @Option(
        names = "--threshold",
        description = "Lowest share of expected rows present (default 1.0).")
    double threshold = 1.0;

    public Completeness(CliContext cli) {
      super(cli);
    }

    @Override
    int run(AppContext app) {
      ScopeOptions.Scope s = scope.resolve("validate completeness", cli.clock(), job, store(app));
      if (threshold < 0 || threshold > 1) {
        throw new AurumException.BadInput("--threshold must be in [0, 1], got " + threshold);
      }
      return render(
          new Validator(store(app), app.config())
              .completeness(
                  s.source(), s.datasets(), s.start(), s.end(), threshold, cli.clock().instant()));
    }
  }

  @Command(
      name = "quality",
      mixinStandardHelpOptions = true,
      description =
          "Re-run the quality engine on every head version in the range, or in the scope of"
              + " operation --replay-id (runbook 2.6.2).")
  public static final class Quality extends Base {
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

    public Quality(CliContext cli) {
      super(cli);
    }

    @Override
    void validate() {
      super.validate();
      checks.forEach(QualityCheck::parse);
    }

    @Override
    int run(AppContext app) {
      ScopeOptions.Scope s = scope.resolve("validate quality", cli.clock(), job, store(app));
      QualityProfile p = app.config().qualityProfiles().get(profile);
      if (!checks.isEmpty()) {
        p = p.restrictedTo(checks.stream().map(QualityCheck::parse).collect(Collectors.toSet()));
      }
      if (threshold != null) {
        if (threshold < 0 || threshold > 1) {
          throw new AurumException.BadInput("--threshold must be in [0, 1], got " + threshold);
        }
        p =
            new QualityProfile(
                p.name(), p.weights(), threshold, p.driftTolerance(), p.maxFindingsPerCheck());
      }
      return render(
          new Validator(store(app), app.config())
              .quality(s.source(), s.datasets(), s.start(), s.end(), p, cli.clock().instant()));
    }
  }

  @Command(
      name = "integrity",
      mixinStandardHelpOptions = true,
      description =
          "Recompute version checksums and provenance digests, fail on NaN/Infinity values; check"
              + " schema, completeness and that every head points at a PUBLISHED version of its"
              + " partition. INCOMPLETE (exit 5) while an unfinished operation holds partitions"
              + " of the scope.")
  public static final class Integrity extends Base {
    @Mixin ScopeOptions scope;
    @Mixin JobIdOption job;

    @Option(
        names = "--integrity-checks",
        split = ",",
        paramLabel = "C,…",
        description = "schema, completeness, relationships (default all); checksums always.")
    List<String> checks = List.of("schema", "completeness", "relationships");

    public Integrity(CliContext cli) {
      super(cli);
    }

    @Override
    void validate() {
      super.validate();
      for (String c : checks) {
        if (!Validator.INTEGRITY_CHECKS.contains(c.trim().toLowerCase(Locale.ROOT))) {
          throw new AurumException.BadInput(
              "unknown integrity check '" + c + "': use schema, completeness, relationships");
        }
      }
    }

    @Override
    int run(AppContext app) {
      ScopeOptions.Scope s = scope.resolve("validate integrity", cli.clock(), job, store(app));
      Set<String> set = new LinkedHashSet<>();
      checks.forEach(c -> set.add(c.trim().toLowerCase(Locale.ROOT)));
      set.add("checksums");
      return render(
          new Validator(store(app), app.config())
              .integrity(s.source(), s.datasets(), s.start(), s.end(), set));
    }
  }

  @Command(
      name = "operation",
      mixinStandardHelpOptions = true,
      description = "Whether an operation completed cleanly (runbook 2.7.1).")
  public static final class OperationCheck extends Base {
    @Mixin JobIdOption job;

    @Option(
        names = "--validation-checks",
        split = ",",
        paramLabel = "all|C,…",
        description = "all, or some of state, tasks, versions, quality, records, staged.")
    List<String> checks = List.of("all");

    public OperationCheck(CliContext cli) {
      super(cli);
    }

    @Override
    void validate() {
      super.validate();
      job.require("validate operation");
      for (String c : checks) {
        if (!c.equals("all") && !Validator.OPERATION_CHECKS.contains(c)) {
          throw new AurumException.BadInput(
              "unknown validation check '"
                  + c
                  + "': use all or "
                  + String.join(", ", Validator.OPERATION_CHECKS));
        }
      }
    }

    @Override
    int run(AppContext app) {
      Set<String> set =
          checks.contains("all")
              ? new LinkedHashSet<>(Validator.OPERATION_CHECKS)
              : new LinkedHashSet<>(checks);
      return render(
          new Validator(store(app), app.config())
              .operation(job.require("validate operation"), set));
    }
  }

  static String list(Object[] values) {
    return Arrays.stream(values).map(String::valueOf).collect(Collectors.joining(", "));
  }
}
