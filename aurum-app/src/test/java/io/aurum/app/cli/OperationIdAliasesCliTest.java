package io.aurum.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.aurum.app.testing.AurumCli;
import io.aurum.app.testing.CliFixture;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Every command that names an operation takes {@code --job-id}, {@code --replay-id} and {@code
 * --operation-id}.
 */
class OperationIdAliasesCliTest {
  static final Set<String> ALIASES = Set.of("--job-id", "--replay-id", "--operation-id");

  @TempDir Path tmp;

  @Test
  void every_command_naming_an_operation_accepts_all_three_spellings() {
    CommandLine root =
        Cli.commandLine(
            new CliContext(
                Map.of(),
                new PrintWriter(new StringWriter()),
                new PrintWriter(new StringWriter()),
                Clock.systemUTC()));
    List<String> naming = new ArrayList<>();
    walk(root, naming);
    assertThat(naming)
        .contains(
            "aurum status",
            "aurum validate quality",
            "aurum validate completeness",
            "aurum validate integrity",
            "aurum validate operation",
            "aurum compare quality",
            "aurum rollback",
            "aurum audit log");
  }

  private static void walk(CommandLine cl, List<String> naming) {
    for (OptionSpec o : cl.getCommandSpec().options()) {
      if (java.util.Arrays.stream(o.names()).anyMatch(ALIASES::contains)) {
        assertThat(o.names())
            .as(cl.getCommandSpec().qualifiedName())
            .contains(ALIASES.toArray(String[]::new));
        naming.add(cl.getCommandSpec().qualifiedName());
      }
    }
    cl.getSubcommands().values().stream().distinct().forEach(sub -> walk(sub, naming));
  }

  @Test
  void validate_quality_takes_the_operation_scope_under_each_spelling() throws Exception {
    try (CliFixture fx = new CliFixture(tmp, false, 1000, 8)) {
      var backfill = fx.backfillEiaDemand("2024-01-01", "2024-01-02");
      assertThat(backfill.exit()).as(backfill.all()).isZero();
      String id = "BACKFILL_20240102_EIA";
      var byRange =
          AurumCli.run(
              fx.env(),
              "validate",
              "quality",
              "--source",
              "eia",
              "--datasets",
              "ELEC.DEMAND",
              "--date-range",
              "2024-01-01:2024-01-02",
              "--quality-metrics",
              "completeness,accuracy,timeliness",
              "--format",
              "json");
      assertThat(byRange.exit()).as(byRange.all()).isIn(0, 5);
      for (String alias : ALIASES) {
        // The runbook's §2.6.2 line, with each spelling of the id.
        var r =
            AurumCli.run(
                fx.env(),
                "validate",
                "quality",
                alias,
                id,
                "--quality-metrics",
                "completeness,accuracy,timeliness",
                "--format",
                "json");
        assertThat(r.exit()).as(alias + ": " + r.all()).isEqualTo(byRange.exit());
        assertThat(r.out()).as(alias).isEqualTo(byRange.out());
      }
      var both =
          AurumCli.run(
              fx.env(), "validate", "quality", "--replay-id", id, "--source", "eia", "--days", "2");
      assertThat(both.exit()).isEqualTo(2);
      assertThat(both.err()).contains("not both");
      var missing =
          AurumCli.run(fx.env(), "validate", "integrity", "--replay-id", "REPLAY_19990101_EIA");
      assertThat(missing.exit()).as(missing.all()).isEqualTo(3);
      assertThat(missing.err()).contains("no operation REPLAY_19990101_EIA");
    }
  }
}
