package io.aurum.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.aurum.app.testing.AurumCli;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** {@code aurum --version} says which build is running: Maven project version and git commit. */
class VersionCliTest {
  private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

  @Test
  void version_is_the_maven_project_version_and_the_commit_it_was_built_from() throws Exception {
    String projectVersion = System.getProperty("aurum.projectVersion");
    assertThat(projectVersion).as("set by aurum-app/pom.xml for surefire").isNotBlank();

    AurumCli.Result r = AurumCli.run(Map.of(), "--version");

    assertThat(r.exit()).isZero();
    String first = r.out().lines().findFirst().orElseThrow();
    assertThat(first).startsWith("aurum " + projectVersion + " (commit ");
    String commit = first.replaceAll("^.*\\(commit ([0-9a-f]+).*$", "$1");
    String head = gitHead();
    if (head != null) {
      assertThat(head).startsWith(commit);
    }
    assertThat(r.out()).contains("Java " + System.getProperty("java.version"));
    assertThat(AurumCli.run(Map.of(), "-V").out()).isEqualTo(r.out());
  }

  @Test
  void a_build_outside_a_git_checkout_shows_the_version_alone() {
    Properties p = new Properties();
    p.setProperty("version", "1.2.3");
    p.setProperty("commit", "");
    p.setProperty("dirty", "false");
    assertThat(VersionInfo.line(p)).isEqualTo("aurum 1.2.3");

    p.setProperty("commit", "abc1234");
    p.setProperty("dirty", "true");
    assertThat(VersionInfo.line(p))
        .isEqualTo("aurum 1.2.3 (commit abc1234, with uncommitted changes)");
  }

  /** HEAD of the checkout the tests run in, or null where git or the repository is missing. */
  private static String gitHead() throws IOException, InterruptedException {
    Process p;
    try {
      p = new ProcessBuilder("git", "rev-parse", "HEAD").directory(ROOT.toFile()).start();
    } catch (IOException noGit) {
      return null;
    }
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
    return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0 ? out : null;
  }
}
