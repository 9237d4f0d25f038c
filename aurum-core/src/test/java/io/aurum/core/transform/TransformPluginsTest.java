package io.aurum.core.transform;

import static org.assertj.core.api.Assertions.assertThat;

import io.aurum.core.model.Dataset;
import io.aurum.core.model.Observation;
import io.aurum.core.model.PartitionKey;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TransformPluginsTest {
  @TempDir Path dir;

  /** A plugin only a jar in the plugins directory declares. */
  public static final class Doubler implements TransformPlugin {
    @Override
    public String name() {
      return "test_doubler";
    }

    @Override
    public List<Observation> apply(
        Dataset dataset, PartitionKey partition, List<Observation> rows) {
      return rows.stream()
          .map(o -> new Observation(o.seriesId(), o.period(), o.value() * 2, o.unit()))
          .toList();
    }
  }

  @AfterEach
  void backToTheClassPath() throws IOException {
    TransformPlugins.useDirectory(Files.createDirectories(dir.resolve("empty")));
  }

  @Test
  void plugins_in_the_jars_of_the_directory_are_found_by_name() throws IOException {
    Path plugins = Files.createDirectories(dir.resolve("plugins"));
    assertThat(TransformPlugins.find("test_doubler")).isEmpty();
    try (OutputStream out = Files.newOutputStream(plugins.resolve("doubler.jar"));
        JarOutputStream jar = new JarOutputStream(out)) {
      jar.putNextEntry(new JarEntry("META-INF/services/" + TransformPlugin.class.getName()));
      jar.write((Doubler.class.getName() + "\n").getBytes(StandardCharsets.UTF_8));
      jar.closeEntry();
    }
    Files.writeString(plugins.resolve("README.txt"), "not a jar");

    TransformPlugins.useDirectory(plugins);

    assertThat(TransformPlugins.directory()).isEqualTo(plugins.toAbsolutePath().normalize());
    assertThat(TransformPlugins.names()).contains("test_doubler");
    TransformPlugin p = TransformPlugins.find("test_doubler").orElseThrow();
    Observation o = new Observation("S", Instant.parse("2024-01-01T00:00:00Z"), 2.5, "MWh");
    assertThat(p.apply(null, null, List.of(o))).extracting(Observation::value).containsExactly(5.0);
    assertThat(p.passRatio(List.of(o))).isEqualTo(1.0);
    assertThat(TransformPlugins.find("nope")).isEmpty();
  }

  @Test
  void a_missing_directory_adds_no_plugin() {
    TransformPlugins.useDirectory(dir.resolve("missing"));
    assertThat(TransformPlugins.find("test_doubler")).isEmpty();
  }
}
