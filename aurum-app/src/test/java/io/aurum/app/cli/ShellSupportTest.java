package io.aurum.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the build generates for the shell (aurum-app/pom.xml, process-classes, so before these tests
 * and in every package): a bash/zsh completion script that completes real commands and options, and
 * a man page per command; and the launcher's install of both for the user.
 */
class ShellSupportTest {
  private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
  private static final Path COMPLETION = Path.of("target/completion/aurum_completion");
  private static final Path MAN = Path.of("target/man");

  @Test
  void the_completion_script_completes_a_command_name() throws Exception {
    assertThat(COMPLETION).isRegularFile();

    assertThat(complete("aurum", "back")).containsExactly("backfill");
    assertThat(complete("./aurum", "re")).contains("replay", "reprocess", "report", "resume");
  }

  @Test
  void the_completion_script_completes_a_commands_options() throws Exception {
    assertThat(complete("aurum", "backfill", "--sou")).containsExactly("--source");
    assertThat(complete("aurum", "ops", "li")).containsExactly("list");
  }

  @Test
  void every_command_has_a_man_page() throws IOException {
    Path backfill = MAN.resolve("aurum-backfill.1");
    assertThat(backfill).isRegularFile();
    String page = Files.readString(backfill);
    assertThat(page).contains(".TH \"AURUM\\-BACKFILL\" \"1\"").contains("\\-\\-source");
    assertThat(MAN.resolve("aurum.1")).isRegularFile();
    assertThat(MAN.resolve("aurum-ops-list.1")).isRegularFile();
  }

  @Test
  void the_launchers_install_puts_both_under_the_users_data_directory(@TempDir Path data)
      throws Exception {
    String script =
        ". scripts/install-shell-support.sh && install_shell_support \"$PWD\" "
            + "&& install_shell_support \"$PWD\"";
    ProcessBuilder pb =
        new ProcessBuilder("bash", "-c", script).directory(ROOT.toFile()).redirectErrorStream(true);
    pb.environment().put("XDG_DATA_HOME", data.toString());
    pb.environment().remove("BASH_COMPLETION_USER_DIR");
    pb.environment().remove("AURUM_NO_SHELL_INSTALL");
    String out = run(pb);

    assertThat(data.resolve("bash-completion/completions/aurum"))
        .hasSameTextualContentAs(COMPLETION);
    assertThat(data.resolve("man/man1/aurum-backfill.1")).isRegularFile();
    // The second run finds everything up to date and says nothing.
    assertThat(out.lines()).hasSize(1).first().asString().startsWith("aurum: installed");
  }

  /** What bash offers after {@code words}, the last being the word under the cursor. */
  private static List<String> complete(String... words) throws Exception {
    String line = String.join(" ", words);
    // compopt only works inside a completion bash itself started: a no-op stands in for it here.
    String script =
        "compopt() { :; }; . \"$1\"; shift; COMP_WORDS=(\"$@\"); COMP_CWORD=$(($# - 1)); COMP_LINE=\"$*\"; "
            + "COMP_POINT=${#COMP_LINE}; _complete_aurum \"$1\" \"${!#}\" \"${COMP_WORDS[$# - 2]}\"; "
            + "printf '%s\\n' \"${COMPREPLY[@]}\"";
    List<String> cmd =
        new java.util.ArrayList<>(
            List.of("bash", "-c", script, "bash", COMPLETION.toAbsolutePath().toString()));
    cmd.addAll(List.of(words));
    String out = run(new ProcessBuilder(cmd).redirectErrorStream(true));
    assertThat(out).as(line).doesNotContain("command not found");
    return out.lines().map(String::trim).filter(s -> !s.isEmpty()).toList();
  }

  private static String run(ProcessBuilder pb) throws Exception {
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(out).isZero();
    return out;
  }
}
