package io.aurum.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.aurum.app.testing.AurumCli;
import io.aurum.app.testing.CliFixture;
import io.aurum.app.testing.DbSnapshot;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * An {@code --output} never clobbers: Aurum's own files are refused before any work however the
 * path reaches them, an existing file needs {@code --overwrite}, and a failed write leaves neither
 * a partial target nor a temporary file. The store (SQLite, seeded with one backfill) is checked
 * byte for byte and row for row after each refusal.
 */
class OutputFileCliTest {
  private static final String JOB = "BACKFILL_20240103_EIA";

  @TempDir static Path tmp;
  static CliFixture fx;

  @BeforeAll
  static void seed() {
    fx = new CliFixture(tmp, false, 1000, 8);
    AurumCli.Result r =
        run(
            "backfill",
            "--source",
            "eia",
            "--datasets",
            "ELEC.DEMAND",
            "--start-date",
            "2024-01-01",
            "--end-date",
            "2024-01-03");
    assertThat(r.exit()).as(r.all()).isZero();
  }

  @AfterAll
  static void close() {
    fx.close();
  }

  static AurumCli.Result run(String... args) {
    return AurumCli.run(fx.env(), args);
  }

  static Path db() {
    return fx.home.resolve("aurum.db");
  }

  /** Each command that writes an --output, with its arguments before --output. */
  static Stream<Arguments> writers() {
    return Stream.of(
        Arguments.of(
            (Object)
                new String[] {
                  "export", "--source", "eia", "--date-range", "2024-01-01:2024-01-03"
                }),
        Arguments.of((Object) new String[] {"report", "--job-id", JOB}),
        Arguments.of(
            (Object)
                new String[] {
                  "plan",
                  "--source",
                  "eia",
                  "--start-date",
                  "2024-01-01",
                  "--end-date",
                  "2024-01-05"
                }),
        Arguments.of(
            (Object)
                new String[] {"conflicts", "detect", "--source", "eia", "--date", "2024-01-02"}),
        Arguments.of(
            (Object)
                new String[] {
                  "schema",
                  "check",
                  "--source",
                  "eia",
                  "--expected-version",
                  "v1",
                  "--date",
                  "2024-01-02"
                }));
  }

  /** Targets that are Aurum's own files, each reached another way. */
  static List<Path> ownTargets() throws Exception {
    Path link = tmp.resolve("innocent.csv");
    Files.deleteIfExists(link);
    Files.createSymbolicLink(link, db());
    Path hard = tmp.resolve("hard-link.csv");
    Files.deleteIfExists(hard);
    Files.createLink(hard, db());
    Files.createDirectories(fx.home.resolve("sub"));
    return List.of(
        db(),
        fx.home.resolve("aurum.db-wal"),
        fx.home.resolve("aurum.db-shm"),
        fx.home.resolve("aurum.db-journal"),
        link,
        hard,
        fx.home.resolve("sub").resolve("..").resolve("aurum.db"),
        fx.home.resolve("logs").resolve("failures.log"),
        fx.config.resolve("datasets.json"),
        fx.config.resolve("new-file.json"));
  }

  @ParameterizedTest
  @MethodSource("writers")
  void an_output_at_aurums_own_files_is_refused_and_the_store_is_unchanged(String[] command)
      throws Exception {
    Files.createDirectories(fx.home.resolve("logs"));
    var rows = DbSnapshot.of(fx.jdbcUrl());
    String dbHash = hash(db());
    String configHash = hash(fx.config.resolve("datasets.json"));
    for (Path target : ownTargets()) {
      List<String> args = new ArrayList<>(List.of(command));
      args.addAll(List.of("--output", target.toString(), "--overwrite"));

      AurumCli.Result r = run(args.toArray(String[]::new));

      assertThat(r.exit()).as("%s%n%s", target, r.all()).isEqualTo(2);
      assertThat(r.err()).as(target.toString()).startsWith("aurum: refusing to write --output");
      assertThat(r.err().strip().lines()).as(r.err()).hasSize(1);
    }
    assertThat(hash(db())).isEqualTo(dbHash);
    assertThat(DbSnapshot.of(fx.jdbcUrl())).isEqualTo(rows);
    assertThat(hash(fx.config.resolve("datasets.json"))).isEqualTo(configHash);
    assertThat(fx.config.resolve("new-file.json")).doesNotExist();
    assertThat(fx.home.resolve("logs").resolve("failures.log")).doesNotExist();
  }

  @ParameterizedTest
  @MethodSource("writers")
  void an_existing_file_is_replaced_only_with_overwrite(String[] command) throws Exception {
    Path target = tmp.resolve(command[0] + "-" + command[1] + ".out");
    Files.writeString(target, "keep me");
    List<String> args = new ArrayList<>(List.of(command));
    args.addAll(List.of("--output", target.toString()));

    AurumCli.Result refused = run(args.toArray(String[]::new));

    assertThat(refused.exit()).as(refused.all()).isEqualTo(2);
    assertThat(refused.err()).contains("already exists: pass --overwrite to replace it");
    assertThat(Files.readString(target)).isEqualTo("keep me");

    args.add("--overwrite");
    AurumCli.Result replaced = run(args.toArray(String[]::new));

    assertThat(replaced.exit()).as(replaced.all()).isIn(0, 5);
    assertThat(Files.readString(target)).isNotEqualTo("keep me").isNotEmpty();
    assertThat(leftovers(tmp)).isEmpty();
  }

  @Test
  void a_device_is_written_directly_and_never_replaced_by_a_file() throws Exception {
    Path full = Path.of("/dev/full");
    org.junit.jupiter.api.Assumptions.assumeTrue(Files.exists(full));

    AurumCli.Result r =
        run(
            "export",
            "--source",
            "eia",
            "--date-range",
            "2024-01-01:2024-01-03",
            "--output",
            "/dev/full",
            "--overwrite");

    assertThat(r.exit()).as(r.all()).isEqualTo(1);
    assertThat(r.err()).isEqualTo("aurum: cannot write /dev/full: No space left on device\n");
    assertThat(Files.isRegularFile(full)).isFalse();
    assertThat(Files.exists(full)).isTrue();
  }

  @Test
  void an_output_in_a_missing_directory_or_at_a_directory_is_refused() {
    AurumCli.Result missing =
        run("report", "--job-id", JOB, "--output", tmp.resolve("nope/report.md").toString());
    AurumCli.Result directory = run("report", "--job-id", JOB, "--output", tmp.toString());

    assertThat(missing.exit()).isEqualTo(2);
    assertThat(missing.err()).contains("does not exist; create it first");
    assertThat(directory.exit()).isEqualTo(2);
    assertThat(directory.err()).contains("it is a directory");
  }

  /**
   * A write that fails half way (the file size limit of {@code ulimit -f}, a real EFBIG like a full
   * disk) leaves the old file as it was and no temporary file. PostgreSQL, because the SQLite
   * driver itself writes its native library to a file at start-up.
   */
  @Test
  void a_write_that_fails_half_way_leaves_the_target_as_it_was() throws Exception {
    Path dir = Files.createDirectories(tmp.resolve("limited"));
    Path target = dir.resolve("eia.csv");
    Files.writeString(target, "old content\n");
    try (CliFixture pg = new CliFixture(tmp.resolve("pg"), true, 1000, 8)) {
      Map<String, String> env = pg.env();
      AurumCli.Result seeded =
          AurumCli.run(
              env,
              "backfill",
              "--source",
              "eia",
              "--datasets",
              "ELEC.DEMAND",
              "--start-date",
              "2024-01-01",
              "--end-date",
              "2024-01-05");
      assertThat(seeded.exit()).as(seeded.all()).isZero();
      var rows = DbSnapshot.of(pg.jdbcUrl());

      String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
      String cmd =
          "ulimit -f 8; exec '"
              + java
              + "' -cp '"
              + System.getProperty("java.class.path")
              + "' io.aurum.app.Main export --source eia --date-range 2024-01-01:2024-01-05"
              + " --overwrite --output '"
              + target
              + "'";
      ProcessBuilder pb = new ProcessBuilder("bash", "-c", cmd).redirectErrorStream(true);
      pb.environment().clear();
      pb.environment().putAll(env);
      Process p = pb.start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();

      assertThat(p.exitValue()).as(out).isEqualTo(1);
      assertThat(out.strip().lines()).as(out).hasSize(1);
      assertThat(out).startsWith("aurum: cannot write").contains("nothing was written");
      assertThat(Files.readString(target)).isEqualTo("old content\n");
      assertThat(leftovers(dir)).isEmpty();
      assertThat(DbSnapshot.of(pg.jdbcUrl())).isEqualTo(rows);
    }
  }

  private static List<Path> leftovers(Path dir) throws Exception {
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(f -> f.getFileName().toString().endsWith(".tmp")).toList();
    }
  }

  private static String hash(Path file) throws Exception {
    return HexFormat.of()
        .formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
  }
}
