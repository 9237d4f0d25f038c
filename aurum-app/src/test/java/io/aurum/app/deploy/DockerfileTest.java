package io.aurum.app.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.aurum.app.deploy.AurumSurface.Parsed;
import io.aurum.app.deploy.DeployFiles.Instruction;
import io.aurum.app.server.ServerOptions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * Issue 21 part 5: the Dockerfile builds with the Maven Wrapper on a JDK 17 and runs on a JRE 17 as
 * a user that is not root, through the launcher, exposing and health-checking the ports Aurum
 * listens on. No container engine runs here: the file is checked, not built.
 */
class DockerfileTest {
  static final List<Instruction> DOCKERFILE = DeployFiles.dockerfile();

  /** An image named with a version tag or a digest: not bare, not {@code :latest}. */
  static boolean pinned(String image) {
    if (image.contains("@sha256:")) {
      return true;
    }
    int slash = image.lastIndexOf('/');
    int colon = image.lastIndexOf(':');
    return colon > slash && !image.substring(colon + 1).equals("latest");
  }

  static List<Instruction> all(String keyword) {
    return DOCKERFILE.stream().filter(i -> i.keyword().equals(keyword)).toList();
  }

  static List<Instruction> runtimeStage() {
    int last = DOCKERFILE.lastIndexOf(all("FROM").get(all("FROM").size() - 1));
    return DOCKERFILE.subList(last, DOCKERFILE.size());
  }

  static List<String> jsonArray(String args) throws Exception {
    return Arrays.asList(new ObjectMapper().readValue(args, String[].class));
  }

  @Test
  void it_builds_with_the_wrapper_on_a_jdk_17_and_runs_on_a_jre_17_with_pinned_images() {
    List<Instruction> from = all("FROM");
    assertThat(from).hasSizeGreaterThanOrEqualTo(2);
    String build = from.get(0).args();
    String runtime = from.get(from.size() - 1).args();
    assertThat(build).contains(":17").contains("jdk").endsWith("AS build");
    assertThat(runtime).contains(":17").contains("jre");
    from.forEach(f -> assertThat(pinned(f.args().split("\\s+")[0])).as(f.args()).isTrue());
    assertThat(all("RUN"))
        .anyMatch(r -> r.args().contains("./mvnw") && r.args().contains("package"));
    assertThat(runtimeStage())
        .filteredOn(i -> i.keyword().equals("COPY") && i.args().contains("--from=build"))
        .extracting(Instruction::args)
        .anyMatch(a -> a.contains("aurum-app.jar"))
        .anyMatch(a -> a.contains("target/lib"));
  }

  @Test
  void the_runtime_user_is_not_root() {
    List<Instruction> users =
        runtimeStage().stream().filter(i -> i.keyword().equals("USER")).toList();
    assertThat(users).isNotEmpty();
    String user = users.get(users.size() - 1).args().split(":")[0];
    assertThat(user).isNotIn("root", "0");
    assertThat(runtimeStage())
        .filteredOn(i -> i.keyword().equals("RUN"))
        .anyMatch(r -> r.args().contains("useradd") && r.args().contains(" " + user));
  }

  @Test
  void it_runs_aurum_serve_through_the_launcher_on_the_ports_it_exposes() throws Exception {
    List<String> entrypoint = jsonArray(all("ENTRYPOINT").get(0).args());
    assertThat(entrypoint).containsExactly("/opt/aurum/aurum");
    assertThat(runtimeStage())
        .anyMatch(i -> i.keyword().equals("COPY") && i.args().equals("aurum ./"));
    assertThat(runtimeStage())
        .anyMatch(i -> i.keyword().equals("WORKDIR") && i.args().equals("/opt/aurum"));
    List<String> cmd = jsonArray(all("CMD").get(0).args());
    var checked = AurumSurface.check(cmd);
    assertThat(checked).isInstanceOf(Parsed.class);
    int port =
        AurumSurface.optionOf(((Parsed) checked).result(), "--port", ServerOptions.DEFAULT_PORT);
    assertThat(DeployFiles.optionValue(cmd, "--bind")).isEqualTo("0.0.0.0");
    Set<String> exposed = new TreeSet<>();
    all("EXPOSE").forEach(e -> exposed.addAll(Arrays.asList(e.args().split("\\s+"))));
    assertThat(exposed).contains(String.valueOf(port), ComposeFileTest.workerMetricsPort());
    List<String> health = jsonArray(all("HEALTHCHECK").get(0).args().replaceFirst(".*CMD ", ""));
    assertThat(health)
        .containsExactly("/opt/aurum/scripts/healthcheck.sh", String.valueOf(port), "/health/live");
  }

  @Test
  void its_environment_is_read_by_aurum_and_what_it_copies_exists() {
    Set<String> known = AurumSurface.environmentVariables();
    List<String> names = new ArrayList<>();
    all("ENV").forEach(e -> names.addAll(DeployFiles.envOf(e.args()).keySet()));
    assertThat(names).contains("AURUM_HOME", "AURUM_CONFIG_DIR");
    names.removeAll(AurumSurface.OS_VARIABLES);
    assertThat(known).containsAll(names);
    for (Instruction copy : runtimeStage()) {
      if (copy.keyword().equals("COPY") && !copy.args().startsWith("--from")) {
        List<String> parts = Arrays.asList(copy.args().split("\\s+"));
        parts
            .subList(0, parts.size() - 1)
            .forEach(src -> assertThat(DeployFiles.ROOT.resolve(src)).as(src).exists());
      }
    }
    List<String> ignored =
        DeployFiles.read(DeployFiles.ROOT.resolve(".dockerignore"))
            .lines()
            .filter(l -> !l.isBlank() && !l.startsWith("#"))
            .toList();
    assertThat(ignored).contains(".git", "**/target", "deploy/.env");
    // docs/schemas is a resource of aurum-core: the build needs it.
    assertThat(ignored).noneMatch(l -> l.startsWith("docs"));
  }
}
