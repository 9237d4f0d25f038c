package io.aurum.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.aurum.app.testing.AurumCli;
import io.aurum.app.testing.CliFixture;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Keeps docs/runbook.md true: every complete {@code aurum} command in its code blocks runs, in the
 * document's order, against the sandbox. Each must parse and must not be refused as bad input;
 * controls of a job that already finished may be refused by state (exit 4).
 */
class RunbookDocTest {
  static final Path RUNBOOK = Path.of("..", "docs", "runbook.md");
  static final java.util.Set<String> FILE_OPTIONS =
      java.util.Set.of(
          "--output",
          "--archive-location",
          "--conflict-file",
          "--version-conflicts",
          "--plan",
          "--failure-log",
          "--damage-assessment",
          "--recovery-plan",
          "--corruption-report");
  static final java.util.Map<String, String> WRITES_REPORT =
      java.util.Map.of(
          "emergency assess", "damage_report.json", "corruption detect", "corruption_report.json");

  @TempDir Path tmp;

  static List<String> commands(String markdown) {
    List<String> out = new ArrayList<>();
    boolean inCode = false;
    StringBuilder current = null;
    for (String line : markdown.split("\n")) {
      if (line.startsWith("```")) {
        inCode = !inCode;
        continue;
      }
      if (!inCode) {
        continue;
      }
      String l = line.replaceAll("\\s+#.*$", "").strip();
      if (current == null && l.startsWith("aurum ")) {
        current = new StringBuilder();
      }
      if (current != null) {
        boolean more = l.endsWith("\\");
        current.append(more ? l.substring(0, l.length() - 1) : l).append(' ');
        if (!more) {
          out.add(current.toString().strip());
          current = null;
        }
      }
    }
    return out;
  }

  static List<String> split(String command) {
    List<String> args = new ArrayList<>();
    Matcher m = Pattern.compile("\"([^\"]*)\"|(\\S+)").matcher(command);
    while (m.find()) {
      args.add(m.group(1) != null ? m.group(1) : m.group(2));
    }
    return args.subList(1, args.size());
  }

  @Test
  void every_complete_command_of_the_runbook_runs_against_the_sandbox() throws Exception {
    List<String> commands = commands(Files.readString(RUNBOOK));
    assertThat(commands).hasSizeGreaterThan(30);
    try (CliFixture fx = new CliFixture(tmp, false, 1000, 8)) {
      List<String> ran = new ArrayList<>();
      for (String c : commands) {
        if (c.contains("…")) {
          continue;
        }
        List<String> args = new ArrayList<>(split(c));
        // Files the runbook writes go to the test's directory, not the working directory.
        for (int i = 1; i < args.size(); i++) {
          if (FILE_OPTIONS.contains(args.get(i - 1))) {
            args.set(i, tmp.resolve(args.get(i)).toString());
          }
        }
        // Reports written under their default names (damage_report.json, corruption_report.json)
        // land in the working directory: here, the test's.
        String report = WRITES_REPORT.get(args.get(0) + " " + args.get(1));
        if (report != null && !args.contains("--output")) {
          args.addAll(List.of("--output", tmp.resolve(report).toString()));
        }
        var r = AurumCli.run(fx.env(), args.toArray(String[]::new));
        assertThat(r.err())
            .as(c)
            .doesNotContain(
                "Unknown option",
                "Missing required",
                "Unmatched argument",
                "Invalid value",
                "internal error");
        assertThat(r.exit()).as("%s%n%s", c, r.all()).isIn(0, 1, 3, 4, 5);
        ran.add(c);
      }
      assertThat(ran).hasSizeGreaterThan(25);
    }
  }
}
