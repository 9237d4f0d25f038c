package io.aurum.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.aurum.app.testing.AurumCli;
import io.aurum.app.testing.CliFixture;
import io.aurum.core.error.AurumException;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;

/**
 * The command line itself: shared options anywhere on the line, usage from {@code aurum} and {@code
 * aurum help}, "did you mean" for a mistyped command, no picocli warning in any help, data on
 * standard output and logs on standard error, and one-line messages (no internal errors) for bad
 * ports, databases and directories.
 */
class CommandLineCliTest {
  @TempDir static Path tmp;
  static CliFixture fx;

  @BeforeAll
  static void seed() {
    fx = new CliFixture(tmp, false, 1000, 8);
    AurumCli.Result r = fx.backfillEiaDemand("2024-01-01", "2024-01-02");
    assertThat(r.exit()).as(r.all()).isZero();
  }

  @AfterAll
  static void close() {
    fx.close();
  }

  /** The fixture's environment without AURUM_HOME, so only --home can point at the data. */
  static Map<String, String> envWithoutHome() {
    Map<String, String> env = new HashMap<>(fx.env());
    env.remove("AURUM_HOME");
    return env;
  }

  @Test
  void shared_options_work_before_and_after_the_subcommand() {
    String home = fx.home.toString();
    for (String[] args :
        List.of(
            new String[] {"--home", home, "ops", "list", "--all"},
            new String[] {"ops", "--home", home, "list", "--all"},
            new String[] {"ops", "list", "--all", "--home", home},
            new String[] {"--debug", "--home", home, "ops", "list", "--all"},
            new String[] {"ops", "list", "--all", "--home", home, "--debug"})) {
      AurumCli.Result r = AurumCli.run(envWithoutHome(), args);

      assertThat(r.exit()).as("%s%n%s", String.join(" ", args), r.all()).isZero();
      assertThat(r.out()).as(String.join(" ", args)).contains("BACKFILL_20240102_EIA");
    }
  }

  @Test
  void log_level_before_the_subcommand_sends_logs_to_standard_error_and_data_to_standard_output() {
    AurumCli.Result r =
        AurumCli.run(
            fx.env(),
            "--log-level",
            "INFO",
            "export",
            "--source",
            "eia",
            "--date-range",
            "2024-01-01:2024-01-02");

    assertThat(r.exit()).as(r.all()).isZero();
    assertThat(r.out()).startsWith("dataset,series_id,period,value").doesNotContain("INFO");
    assertThat(r.out().lines()).hasSize(241);
  }

  /** Every command path, e.g. ["ops", "list"], from the command tree itself. */
  static Stream<Arguments> commands() {
    List<Arguments> out = new ArrayList<>();
    CommandLine root =
        Cli.commandLine(
            new CliContext(
                Map.of(),
                new PrintWriter(new StringWriter()),
                new PrintWriter(new StringWriter()),
                Clock.systemUTC()));
    collect(root, new ArrayList<>(), out);
    return out.stream();
  }

  private static void collect(CommandLine cl, List<String> path, List<Arguments> out) {
    for (var e : cl.getSubcommands().entrySet()) {
      if (e.getKey().equals("help")) {
        continue;
      }
      List<String> p = new ArrayList<>(path);
      p.add(e.getKey());
      out.add(Arguments.of(p));
      collect(e.getValue(), p, out);
    }
  }

  @ParameterizedTest
  @MethodSource("commands")
  void every_help_prints_without_a_warning_and_takes_shared_options_anywhere(List<String> command)
      throws Exception {
    for (List<String> args :
        List.of(
            concat(command, "--help"),
            concat(List.of("--debug", "--home", "x"), concat(command, "--help")),
            concat(command, "--sandbox", "--log-level", "WARN", "--help"))) {
      PrintStream saved = System.err;
      ByteArrayOutputStream picocliErr = new ByteArrayOutputStream();
      AurumCli.Result r;
      // picocli's own warnings go to System.err, not to the command's error writer.
      System.setErr(new PrintStream(picocliErr, true, StandardCharsets.UTF_8));
      try {
        r = AurumCli.run(fx.env(), args.toArray(String[]::new));
      } finally {
        System.setErr(saved);
      }

      assertThat(r.exit()).as("%s%n%s", args, r.all()).isZero();
      assertThat(r.out()).as(args.toString()).contains("Usage: aurum " + String.join(" ", command));
      assertThat(r.err()).as(args.toString()).isEmpty();
      assertThat(picocliErr.toString(StandardCharsets.UTF_8)).as(args.toString()).isEmpty();
    }
  }

  private static List<String> concat(List<String> a, String... b) {
    return concat(a, List.of(b));
  }

  private static List<String> concat(List<String> a, List<String> b) {
    List<String> out = new ArrayList<>(a);
    out.addAll(b);
    return out;
  }

  @Test
  void aurum_alone_and_aurum_help_print_usage() {
    for (String[] args : List.of(new String[] {}, new String[] {"help"})) {
      AurumCli.Result r = AurumCli.run(fx.env(), args);

      assertThat(r.exit()).as(r.all()).isZero();
      assertThat(r.out()).startsWith("Usage: aurum").contains("backfill", "export", "help");
      assertThat(r.err()).isEmpty();
    }
    AurumCli.Result export = AurumCli.run(fx.env(), "help", "export");
    assertThat(export.exit()).isZero();
    assertThat(export.out()).startsWith("Usage: aurum export");
  }

  static Stream<Arguments> mistyped() {
    return Stream.of(
        Arguments.of(new String[] {"statsu"}, "unknown command 'statsu': did you mean 'status'?"),
        Arguments.of(
            new String[] {"backfil"}, "unknown command 'backfil': did you mean 'backfill'?"),
        Arguments.of(new String[] {"ops", "lsit"}, "unknown command 'lsit': did you mean 'list'?"),
        Arguments.of(
            new String[] {"help", "exprot"}, "unknown command 'exprot': did you mean 'export'?"),
        Arguments.of(new String[] {"ops"}, "'aurum ops' needs a command: list"));
  }

  @ParameterizedTest
  @MethodSource("mistyped")
  void a_mistyped_command_gets_one_line_with_the_nearest_and_exit_2(String[] args, String message) {
    AurumCli.Result r = AurumCli.run(fx.env(), args);

    assertThat(r.exit()).as(r.all()).isEqualTo(2);
    assertThat(r.err()).startsWith("aurum: " + message);
    assertThat(r.err().strip().lines()).as(r.err()).hasSize(1);
    assertThat(r.out()).isEmpty();
  }

  static Stream<Arguments> badEnvironment() throws Exception {
    Path file = Files.writeString(tmp.resolve("a-file"), "x");
    return Stream.of(
        Arguments.of(
            new String[] {"sandbox", "--port", "99999"},
            "--port 99999 is not a port: use 1 to 65535, or 0 to pick a free one"),
        Arguments.of(new String[] {"sandbox", "--port", "-1"}, "--port -1 is not a port"),
        Arguments.of(
            new String[] {"sandbox", "--port", "0", "--fault", "eia:error_rate=abc"},
            "--fault eia:error_rate=abc: a value is not a number"),
        Arguments.of(
            new String[] {"ops", "list", "--db-url", "jdbc:mysql://x"},
            "unsupported database 'mysql' in --db-url: Aurum supports SQLite (jdbc:sqlite:PATH) and"
                + " PostgreSQL"),
        Arguments.of(
            new String[] {"--db-url", "garbage", "ops", "list"},
            "unsupported database URL in --db-url"),
        Arguments.of(
            new String[] {"ops", "list", "--db-url", "jdbc:sqlite:"},
            "--db-url jdbc:sqlite: names no file"),
        Arguments.of(
            new String[] {"ops", "list", "--home", file.toString()},
            "--home " + file + " is a file, not a directory"),
        Arguments.of(
            new String[] {
              "backfill",
              "--home",
              file.toString(),
              "--source",
              "eia",
              "--start-date",
              "2024-01-01",
              "--end-date",
              "2024-01-02"
            },
            "--home " + file + " is a file, not a directory"),
        Arguments.of(new String[] {"ops", "list", "--home", ""}, "--home is empty"),
        Arguments.of(
            new String[] {"status", "--config-dir", file.toString()},
            "--config-dir " + file + " is a file, not a directory"),
        Arguments.of(new String[] {"status", "--config-dir", " "}, "--config-dir is empty"));
  }

  @ParameterizedTest
  @MethodSource("badEnvironment")
  void bad_ports_databases_and_directories_are_one_line_and_exit_2(String[] args, String message) {
    AurumCli.Result r = AurumCli.run(fx.env(), args);

    assertThat(r.exit()).as(r.all()).isEqualTo(2);
    assertThat(r.err()).startsWith("aurum: " + message).doesNotContain("internal error");
    assertThat(r.err().strip().lines()).as(r.err()).hasSize(1);
  }

  @Test
  void a_conflict_or_version_file_that_is_binary_or_a_directory_is_one_line_and_exit_2()
      throws Exception {
    Path binary = Files.write(tmp.resolve("binary.json"), new byte[] {0, (byte) 0xff, (byte) 0xfe});
    Path dir = Files.createDirectories(tmp.resolve("a-dir"));
    for (String[] args :
        List.of(
            new String[] {
              "conflicts",
              "resolve",
              "--conflict-file",
              binary.toString(),
              "--resolution-strategy",
              "latest_wins"
            },
            new String[] {
              "conflicts",
              "resolve",
              "--conflict-file",
              dir.toString(),
              "--resolution-strategy",
              "latest_wins"
            },
            new String[] {
              "schema",
              "resolve",
              "--version-conflicts",
              binary.toString(),
              "--resolution",
              "upgrade_to_latest"
            },
            new String[] {
              "schema",
              "resolve",
              "--version-conflicts",
              dir.toString(),
              "--resolution",
              "upgrade_to_latest"
            })) {
      AurumCli.Result r = AurumCli.run(fx.env(), args);

      assertThat(r.exit()).as(r.all()).isEqualTo(2);
      assertThat(r.err())
          .startsWith("aurum: cannot read ")
          .containsAnyOf("it is not UTF-8 text", "it is a directory")
          .contains("--output wrote");
      assertThat(r.err().strip().lines()).hasSize(1);
    }
  }

  @Test
  void a_sandbox_port_in_use_is_one_line_and_exit_2() throws Exception {
    try (ServerSocket taken = new ServerSocket(0)) {
      AurumCli.Result r =
          AurumCli.run(fx.env(), "sandbox", "--port", String.valueOf(taken.getLocalPort()));

      assertThat(r.exit()).as(r.all()).isEqualTo(2);
      assertThat(r.err())
          .isEqualTo(
              "aurum: cannot listen on port "
                  + taken.getLocalPort()
                  + ": it is in use; pick another --port, or 0 for a free one\n");
    }
  }

  @Test
  void debug_adds_the_stack_trace_and_nothing_else_does() {
    AurumCli.Result plain = AurumCli.run(fx.env(), "ops", "list", "--db-url", "jdbc:mysql://x");
    AurumCli.Result debug =
        AurumCli.run(fx.env(), "ops", "list", "--db-url", "jdbc:mysql://x", "--debug");

    assertThat(plain.err().lines()).hasSize(1);
    assertThat(debug.err()).contains("unsupported database 'mysql'").contains("\tat io.aurum.");
  }

  @Test
  void a_max_memory_the_heap_would_not_honour_is_refused() {
    long heap = Runtime.getRuntime().maxMemory();
    AurumCli.Result r =
        AurumCli.run(
            fx.env(),
            "backfill",
            "--source",
            "eia",
            "--datasets",
            "ELEC.DEMAND",
            "--start-date",
            "2024-02-01",
            "--end-date",
            "2024-02-02",
            "--max-memory",
            "8m");

    assertThat(r.exit()).as(r.all()).isEqualTo(2);
    assertThat(r.err())
        .isEqualTo(
            "aurum: --max-memory 8m cannot cap this JVM's heap (max "
                + (heap >> 20)
                + " MB): launch through ./aurum, which sets it, or pass -Xmx8m to java\n");
    // A JVM started with the cap (what ./aurum does) is accepted, give or take what the JVM keeps.
    MemoryBudget.requireHeapCap("1.5g", MemoryBudget.size("1.5g"), 1_500L << 20);
    Assertions.assertThatThrownBy(
            () -> MemoryBudget.requireHeapCap("1.5g", MemoryBudget.size("1.5g"), 4L << 30))
        .isInstanceOf(AurumException.BadInput.class);
  }
}
