package io.aurum.core.transform;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.stream.Stream;

/**
 * The {@link TransformPlugin}s of this process: those on the class path and those in the jars of
 * the plugins directory the application names at start-up. Thread-safe.
 */
public final class TransformPlugins {
  private static volatile ClassLoader loader = TransformPlugins.class.getClassLoader();
  private static volatile Path directory;

  private TransformPlugins() {}

  /** Loads plugins from every jar in {@code dir} too (a missing directory adds none). */
  public static synchronized void useDirectory(Path dir) {
    Path d = dir.toAbsolutePath().normalize();
    if (d.equals(directory)) {
      return;
    }
    List<URL> jars = new ArrayList<>();
    if (Files.isDirectory(d)) {
      try (Stream<Path> files = Files.list(d)) {
        for (Path p : files.filter(f -> f.toString().endsWith(".jar")).sorted().toList()) {
          jars.add(p.toUri().toURL());
        }
      } catch (MalformedURLException e) {
        throw new IllegalStateException(e);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot list the plugins directory " + d, e);
      }
    }
    ClassLoader parent = TransformPlugins.class.getClassLoader();
    loader = jars.isEmpty() ? parent : new URLClassLoader(jars.toArray(URL[]::new), parent);
    directory = d;
  }

  /** Where plugins are loaded from, for messages (null: the class path only). */
  public static Path directory() {
    return directory;
  }

  public static Optional<TransformPlugin> find(String name) {
    for (TransformPlugin p : ServiceLoader.load(TransformPlugin.class, loader)) {
      if (p.name().equals(name)) {
        return Optional.of(p);
      }
    }
    return Optional.empty();
  }

  public static List<String> names() {
    List<String> out = new ArrayList<>();
    ServiceLoader.load(TransformPlugin.class, loader).forEach(p -> out.add(p.name()));
    return out;
  }
}
