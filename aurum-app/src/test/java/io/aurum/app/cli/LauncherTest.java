package io.aurum.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The {@code ./aurum} launcher's java command line: the options of {@code config/jvm.options}
 * first, then {@code AURUM_JAVA_OPTS}, then what {@code --max-memory} sets. Run with {@code
 * AURUM_LAUNCHER_PRINT=1}, which prints the command instead of building and running it.
 */
class LauncherTest {
  private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

  @Test
  void startsTheJvmWithTheOptionsFile() throws Exception {
    List<String> options = optionsFile();
    assertThat(options).contains("-Xms32m");

    String cmd = launch(null, "status");

    assertThat(cmd).startsWith("java " + String.join(" ", options) + " -jar ");
    assertThat(cmd).endsWith("aurum-app.jar status");
  }

  @Test
  void userOptionsAndMaxMemoryComeAfterTheOptionsFile() throws Exception {
    String cmd = launch("-Xms64m -Dx=y", "backfill", "--max-memory", "512m", "--source", "eia");

    assertThat(cmd.indexOf("-Xms32m")).isLessThan(cmd.indexOf("-Xms64m"));
    assertThat(cmd).contains("-Xms64m -Dx=y -Xmx512m -jar ");
    assertThat(cmd).endsWith("backfill --max-memory 512m --source eia");
  }

  @Test
  void aCollectorInUserOptionsReplacesTheFilesCollector() throws Exception {
    // The JVM refuses to start with two collectors ("Multiple garbage collectors selected").
    assertThat(optionsFile()).contains("-XX:+UseSerialGC");

    String cmd = launch("-XX:+UseParallelGC", "status");

    assertThat(cmd).doesNotContain("-XX:+UseSerialGC").contains("-Xms32m -XX:+UseParallelGC -jar ");
    // Other -XX:+Use...GC options are not collectors: the file's collector stays.
    assertThat(launch("-XX:+UseMaximumCompactionOnSystemGC", "status"))
        .contains("-XX:+UseSerialGC -XX:+UseMaximumCompactionOnSystemGC -jar ");
  }

  @Test
  void aMaxMemoryBelowTheInitialHeapLowersIt() throws Exception {
    // The JVM refuses to start with an initial heap above the maximum.
    assertThat(launch(null, "backfill", "--max-memory=16MiB")).contains("-Xmx16m -Xms16m -jar ");
    assertThat(launch(null, "backfill", "--max-memory", "1g")).contains("-Xmx1g -jar ");
  }

  @Test
  void aMaxMemoryThatIsNotASizeIsLeftToTheApplication() throws Exception {
    String cmd = launch(null, "backfill", "--max-memory", "lots");

    assertThat(cmd).doesNotContain("-Xmx");
    assertThat(cmd).endsWith("backfill --max-memory lots");
  }

  @Test
  void aDecimalMaxMemoryCapsTheHeapInWholeMegabytesOrKilobytes() throws Exception {
    assertThat(launch(null, "backfill", "--max-memory=1.5g")).contains("-Xmx1536m -jar ");
    assertThat(launch(null, "backfill", "--max-memory", "0.75G")).contains("-Xmx768m -jar ");
    assertThat(launch(null, "backfill", "--max-memory", "20.5m"))
        .contains("-Xmx20992k -Xms20992k -jar ");
    assertThat(launch(null, "backfill", "--max-memory", "1073741824")).contains("-Xmx1024m -jar ");
  }

  @Test
  void aMaxMemoryTheJvmCannotStartWithIsRefusedInOneLine() throws Exception {
    List<String> cmd =
        new ArrayList<>(
            List.of("bash", ROOT.resolve("aurum").toString(), "backfill", "--max-memory", "2m"));
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
    pb.environment().put("AURUM_LAUNCHER_PRINT", "1");
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();

    assertThat(p.exitValue()).isEqualTo(2);
    assertThat(out)
        .isEqualTo("aurum: --max-memory 2m is too small to start the JVM: use at least 8m\n");
  }

  private static List<String> optionsFile() throws IOException {
    return Files.readAllLines(ROOT.resolve("config/jvm.options")).stream()
        .map(l -> l.replaceAll("#.*", "").trim())
        .filter(l -> !l.isEmpty())
        .flatMap(l -> List.of(l.split("\\s+")).stream())
        .toList();
  }

  private static String launch(String javaOpts, String... args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of("bash", ROOT.resolve("aurum").toString()));
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
    pb.environment().put("AURUM_LAUNCHER_PRINT", "1");
    pb.environment().remove("AURUM_JAVA_OPTS");
    if (javaOpts != null) {
      pb.environment().put("AURUM_JAVA_OPTS", javaOpts);
    }
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(out).isZero();
    return out;
  }
}
