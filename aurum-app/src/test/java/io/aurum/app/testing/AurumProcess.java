package io.aurum.app.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code aurum} in a child JVM (same class path as the tests), for kill -9 and cross-process tests.
 */
public final class AurumProcess implements AutoCloseable {
  private final Process process;
  private final Path output;

  private AurumProcess(Process process, Path output) {
    this.process = process;
    this.output = output;
  }

  public static AurumProcess start(Path dir, Map<String, String> env, String... args) {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("-Duser.timezone=America/Chicago");
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add("io.aurum.app.Main");
    cmd.addAll(List.of(args));
    try {
      Files.createDirectories(dir);
      Path out = Files.createTempFile(dir, "aurum-", ".out");
      ProcessBuilder pb =
          new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(out.toFile());
      pb.environment().clear();
      pb.environment().putAll(env);
      return new AurumProcess(pb.start(), out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public Process process() {
    return process;
  }

  /** SIGKILL: no shutdown hooks, no finally blocks. */
  public void kill9() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor();
  }

  public String output() {
    try {
      return Files.readString(output);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    process.destroyForcibly();
  }
}
