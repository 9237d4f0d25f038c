package io.aurum.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.aurum.app.testing.AurumCli;
import io.aurum.app.testing.CliFixture;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Keeps docs/runbook.md true: every complete {@code aurum} command in its code blocks runs, in the
 * document's order, against the sandbox. Each must parse and must not be refused as bad input;
 * controls of a job that already finished may be refused by state (exit 4). The operators' §4
 * (emergency procedures) is also run as a sequence that does its work, each invocation checked for
 * its exit code and what it says.
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

  /**
   * The operators' runbook §4 (emergency procedures) as they wrote it: each invocation of their
   * scripts, with the Aurum command docs/runbook.md restates it as. Their flags and values are
   * Aurum's, word for word.
   */
  static final List<String[]> OPERATORS_SECTION_4 =
      List.of(
          new String[] {
            "python scripts/ops/emergency_stop.py --all --reason \"Data corruption detected\"",
            "emergency stop"
          },
          new String[] {
            "python scripts/ops/isolate_system.py --source eia --isolate-kafka", "emergency isolate"
          },
          new String[] {
            "python scripts/ops/activate_emergency_monitoring.py --level critical",
            "emergency monitor"
          },
          new String[] {
            "python scripts/ops/assess_emergency_damage.py --source eia --full-scan",
            "emergency assess"
          },
          new String[] {
            "python scripts/ops/generate_emergency_recovery_plan.py --source eia"
                + " --damage-assessment \"damage_report.json\" --output recovery_plan.json",
            "emergency plan"
          },
          new String[] {
            "python scripts/ops/emergency_recovery.py --recovery-plan \"recovery_plan.json\""
                + " --parallel-recovery --validate-each-step",
            "emergency recover"
          },
          new String[] {
            "python scripts/ops/detect_data_corruption.py --source eia --corruption-types"
                + " schema,completeness,accuracy --scan-depth full",
            "corruption detect"
          },
          new String[] {
            "python scripts/ops/isolate_corrupted_data.py --source eia --corruption-report"
                + " \"corruption_report.json\" --isolation-mode strict",
            "corruption isolate"
          },
          new String[] {
            "python scripts/ops/recover_from_corruption.py --source eia --recovery-method"
                + " selective_replay --data-range 2024-12-20:2024-12-31",
            "corruption recover"
          });

  /** The complete commands of docs/runbook.md's §4, in order. */
  static List<String> section4() throws Exception {
    String md = Files.readString(RUNBOOK);
    int from = md.indexOf("\n## 4. ");
    int to = md.indexOf("\n## 5. ");
    assertThat(from).isPositive();
    assertThat(to).isGreaterThan(from);
    return commands(md.substring(from, to));
  }

  /** {@code args} with the files the runbook names put in the test's directory. */
  List<String> located(List<String> args) {
    List<String> out = new ArrayList<>(args);
    for (int i = 1; i < out.size(); i++) {
      if (FILE_OPTIONS.contains(out.get(i - 1))) {
        out.set(i, tmp.resolve(out.get(i)).toString());
      }
    }
    String report = WRITES_REPORT.get(out.get(0) + " " + out.get(1));
    if (report != null && !out.contains("--output")) {
      out.addAll(List.of("--output", tmp.resolve(report).toString()));
    }
    return out;
  }

  /**
   * Every invocation of the operators' §4 runs, in their order, on one sandbox store: a month of
   * EIA demand, damaged by SQL (a value edited on Dec 22, rows deleted on Dec 24), goes through 4.1
   * (stop, isolate, monitor, assess, plan, recover); then a second incident (a value edited on Dec
   * 27) through 4.2 (detect, isolate, recover). Each line is the one docs/runbook.md §4 gives (its
   * files in the test's directory); each must end with its exit code and say what it did.
   */
  @Test
  void every_emergency_procedure_of_section_4_runs_as_the_operators_wrote_it() throws Exception {
    List<List<String>> documented = new ArrayList<>();
    for (String c : section4()) {
      documented.add(split(c));
    }
    Map<String, List<String>> lines = new LinkedHashMap<>();
    for (String[] op : OPERATORS_SECTION_4) {
      List<String> args = new ArrayList<>(List.of(op[1].split(" ")));
      args.addAll(split("x " + op[0].substring(op[0].indexOf(".py") + 4)));
      assertThat(documented).as("docs/runbook.md §4 restates: %s", op[0]).contains(args);
      lines.put(op[1], args);
    }
    try (CliFixture fx = new CliFixture(tmp.resolve("s4"), false, 1000, 8)) {
      AurumCli.Result month = fx.backfillEiaDemand("2024-12-01", "2024-12-31");
      assertThat(month.exit()).as(month.all()).isZero();
      damage(
          fx,
          "UPDATE observations SET value = value * 7 WHERE version_id = (SELECT version_id FROM"
              + " heads WHERE dataset = 'ELEC.DEMAND' AND period = '2024-12-22')",
          "DELETE FROM observations WHERE version_id = (SELECT version_id FROM heads WHERE"
              + " dataset = 'ELEC.DEMAND' AND period = '2024-12-24')");
      Map<String, String[]> expected = new LinkedHashMap<>();
      // command: exit code, then what its output must say
      expected.put("emergency stop", new String[] {"0", "emergency stop #", "declared"});
      expected.put("emergency isolate", new String[] {"0", "emergency isolation #", "eia"});
      expected.put("emergency monitor", new String[] {"0", "critical"});
      expected.put("emergency assess", new String[] {"5", "checksum_mismatch", "2024-12-22"});
      expected.put("emergency plan", new String[] {"0", "replay", "release_isolation"});
      expected.put("emergency recover", new String[] {"0", "complete"});
      expected.put("corruption detect", new String[] {"5", "checksum_mismatch", "2024-12-27"});
      expected.put("corruption isolate", new String[] {"0", "isolated (strict) 1 of 1"});
      expected.put(
          "corruption recover",
          new String[] {"0", "1 corrupted partition(s) of eia in 2024-12-20..2024-12-31"});
      for (var e : expected.entrySet()) {
        if (e.getKey().equals("corruption detect")) {
          // 4.2 is the next incident: a value edited after 4.1's recovery.
          damage(
              fx,
              "UPDATE observations SET value = value * 7 WHERE version_id = (SELECT version_id"
                  + " FROM heads WHERE dataset = 'ELEC.DEMAND' AND period = '2024-12-27')");
        }
        List<String> args = located(lines.get(e.getKey()));
        AurumCli.Result r = AurumCli.run(fx.env(), args.toArray(String[]::new));
        String[] want = e.getValue();
        assertThat(r.exit()).as("%s%n%s", args, r.all()).isEqualTo(Integer.parseInt(want[0]));
        assertThat(r.all())
            .as("%s", args)
            .contains(List.of(want).subList(1, want.length))
            .doesNotContain("Exception");
      }
      // Both incidents are over: a full assessment finds nothing.
      AurumCli.Result after =
          AurumCli.run(
              fx.env(),
              located(List.of("emergency", "assess", "--source", "eia", "--full-scan"))
                  .toArray(String[]::new));
      assertThat(after.exit()).as(after.all()).isZero();
    }
  }

  static void damage(CliFixture fx, String... statements) throws Exception {
    try (java.sql.Connection c = java.sql.DriverManager.getConnection(fx.jdbcUrl());
        java.sql.Statement st = c.createStatement()) {
      for (String s : statements) {
        assertThat(st.executeUpdate(s)).as(s).isPositive();
      }
    }
  }
}
