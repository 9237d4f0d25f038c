package io.aurum.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.aurum.app.testing.AurumCli;
import io.aurum.app.testing.CliFixture;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --custom-transform NAME}: a Java plugin compiled here into a jar in the data directory's
 * plugins/ folder, found with ServiceLoader, applied by a replay and named in the provenance.
 */
class PluginCliTest {
  @TempDir Path tmp;

  static final String SOURCE =
      """
      package test.plugins;

      import io.aurum.core.model.Dataset;
      import io.aurum.core.model.Observation;
      import io.aurum.core.model.PartitionKey;
      import io.aurum.core.transform.TransformPlugin;
      import java.util.List;

      public final class Clip implements TransformPlugin {
        public String name() {
          return "clip_above_100k";
        }

        public List<Observation> apply(Dataset d, PartitionKey k, List<Observation> rows) {
          return rows.stream()
              .map(o -> o.value() <= 100000 ? o
                  : new Observation(o.seriesId(), o.period(), 100000, o.unit(), o.attributes()))
              .toList();
        }
      }
      """;

  static void buildPluginJar(Path work, Path jar) throws Exception {
    Path src = work.resolve("src/test/plugins/Clip.java");
    Files.createDirectories(src.getParent());
    Files.writeString(src, SOURCE);
    Path classes = work.resolve("classes");
    Files.createDirectories(classes);
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    int rc =
        javac.run(
            null,
            null,
            null,
            "-cp",
            System.getProperty("java.class.path"),
            "-d",
            classes.toString(),
            src.toString());
    assertThat(rc).isZero();
    Files.createDirectories(jar.getParent());
    try (OutputStream f = Files.newOutputStream(jar);
        JarOutputStream j = new JarOutputStream(f)) {
      j.putNextEntry(new JarEntry("META-INF/services/io.aurum.core.transform.TransformPlugin"));
      j.write("test.plugins.Clip\n".getBytes());
      j.putNextEntry(new JarEntry("test/plugins/Clip.class"));
      j.write(Files.readAllBytes(classes.resolve("test/plugins/Clip.class")));
      j.closeEntry();
    }
  }

  @Test
  void a_plugin_jar_in_the_plugins_directory_transforms_a_replay() throws Exception {
    try (CliFixture fx = new CliFixture(tmp, false, 1000, 8)) {
      buildPluginJar(tmp.resolve("build"), fx.home.resolve("plugins/clip.jar"));
      assertThat(
              AurumCli.run(
                      fx.env(),
                      "backfill",
                      "--source",
                      "eia",
                      "--datasets",
                      "ELEC.DEMAND",
                      "--start-date",
                      "2024-01-01",
                      "--end-date",
                      "2024-01-02")
                  .exit())
          .isZero();
      String before =
          AurumCli.run(
                  fx.env(),
                  "export",
                  "--source",
                  "eia",
                  "--datasets",
                  "ELEC.DEMAND",
                  "--date-range",
                  "2024-01-01:2024-01-02")
              .out();
      assertThat(values(before)).anyMatch(v -> v > 100000);

      var bad =
          AurumCli.run(
              fx.env(),
              "replay",
              "--source",
              "eia",
              "--datasets",
              "ELEC.DEMAND",
              "--date-range",
              "2024-01-01:2024-01-02",
              "--reason",
              "clip",
              "--custom-transform",
              "no_such_plugin");
      assertThat(bad.exit()).isEqualTo(2);
      assertThat(bad.err())
          .contains("no plugin named no_such_plugin", "plugins found: clip_above_100k");

      var ok =
          AurumCli.run(
              fx.env(),
              "replay",
              "--source",
              "eia",
              "--datasets",
              "ELEC.DEMAND",
              "--date-range",
              "2024-01-01:2024-01-02",
              "--reason",
              "clip",
              "--custom-transform",
              "clip_above_100k");
      assertThat(ok.exit()).as(ok.all()).isZero();
      String after =
          AurumCli.run(
                  fx.env(),
                  "export",
                  "--source",
                  "eia",
                  "--datasets",
                  "ELEC.DEMAND",
                  "--date-range",
                  "2024-01-01:2024-01-02")
              .out();
      assertThat(values(after)).hasSize(values(before).size()).allMatch(v -> v <= 100000);
      assertThat(
              AurumCli.run(
                      fx.env(),
                      "export",
                      "--source",
                      "eia",
                      "--datasets",
                      "ELEC.DEMAND",
                      "--date-range",
                      "2024-01-01:2024-01-01",
                      "--format",
                      "json")
                  .out())
          .contains("\"version\":2");
      // Every republished row names the plugin in its provenance.
      try (var c = java.sql.DriverManager.getConnection(fx.jdbcUrl());
          var st = c.createStatement();
          var rs =
              st.executeQuery(
                  "SELECT attributes FROM observations o JOIN heads h ON h.version_id = o.version_id")) {
        int n = 0;
        while (rs.next()) {
          assertThat(rs.getString(1)).contains("plugin:clip_above_100k");
          n++;
        }
        assertThat(n).isEqualTo(values(after).size());
      }
    }
  }

  static List<Double> values(String csv) {
    return csv.lines().skip(1).map(l -> Double.parseDouble(l.split(",")[3])).toList();
  }
}
