package io.aurum.app.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.aurum.app.testing.AurumCli;
import io.aurum.app.testing.CliFixture;
import io.aurum.app.testing.DbSnapshot;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The bad-input catalogue ({@code src/test/resources/bad-inputs.catalogue}, summarised in
 * docs/errors.md): for every catalogued mistake, the documented exit code, one line on stderr that
 * names the problem, no stack trace, no upstream request, and every table of the store exactly as
 * before (a checksum of every row of every table).
 */
class BadInputCatalogueTest {
  private static final Pattern STACK_TRACE =
      Pattern.compile(
          "(?m)^\\s+at [\\w$.]+\\(|\\b[\\w$.]+(Exception|Error)\\b(?!s)|internal error");

  @TempDir static Path tmp;
  static CliFixture fx;

  /** One catalogued bad input. */
  record Case(
      String id, int exit, String message, List<String> setup, String commandLine, int line) {
    @Override
    public String toString() {
      return id;
    }
  }

  @BeforeAll
  static void seed() {
    fx = new CliFixture(tmp, false, 1000, 8);
    AurumCli.Result r =
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
            "2024-01-03");
    assertThat(r.exit()).as(r.all()).isZero();
    fx.seedOperation("BACKFILL_20240105_EIA", "BACKFILL_20240103_EIA", List.of(), true);
  }

  @AfterAll
  static void close() {
    fx.close();
  }

  static Stream<Case> cases() {
    return load().stream();
  }

  static List<Case> load() {
    List<Case> out = new ArrayList<>();
    try (InputStream in =
        BadInputCatalogueTest.class.getResourceAsStream("/bad-inputs.catalogue")) {
      String[] lines = new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n", -1);
      for (int i = 0; i < lines.length; i++) {
        String l = lines[i].strip();
        if (l.isEmpty() || l.startsWith("#")) {
          continue;
        }
        String[] f = l.split("\\s+\\|\\s+", 5);
        if (f.length != 5) {
          throw new IllegalStateException("bad-inputs.catalogue line " + (i + 1) + ": 5 fields");
        }
        List<String> setup = f[3].equals("-") ? List.of() : List.of(f[3].split("\\s+\\+\\s+"));
        out.add(new Case(f[0], Integer.parseInt(f[1]), f[2], setup, f[4], i + 1));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out;
  }

  @Test
  void the_catalogue_has_at_least_150_distinct_cases() {
    List<Case> all = load();
    assertThat(all).hasSizeGreaterThanOrEqualTo(150);
    assertThat(all.stream().map(Case::id).distinct().count()).isEqualTo(all.size());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void a_catalogued_bad_input_is_one_line_with_its_exit_code_and_changes_nothing(Case c)
      throws Exception {
    Path dir = Files.createDirectories(tmp.resolve("case-" + c.line()));
    Path home = copyOfSeededHome(dir);
    String jdbcUrl = "jdbc:sqlite:" + home.resolve("aurum.db");
    Map<String, String> env = new HashMap<>(fx.env());
    env.put("AURUM_HOME", home.toString());
    Map<String, String> vars = new HashMap<>();
    vars.put("tmp", dir.toString());
    vars.put("home", home.toString());
    copyConfig(dir, env, vars);
    vars.put("db", home.resolve("aurum.db").toString());
    vars.put("sandbox", fx.sandbox.baseUrl());
    fx.sandbox.reset();
    try {
      for (String s : c.setup()) {
        apply(s, dir, env, vars);
      }
      Map<String, String> before = DbSnapshot.checksums(jdbcUrl);
      long requests = requests();
      String[] args = Args.split(expand(c.commandLine(), vars));
      AurumCli.Result r =
          assertTimeoutPreemptively(
              Duration.ofSeconds(60), () -> AurumCli.run(env, args), "a bad input must not hang");
      String where = "catalogue line " + c.line() + " (" + c.id() + "): " + r.all();
      record(c, r);
      assertThat(r.exit()).as(where).isEqualTo(c.exit());
      assertThat(r.err().toLowerCase()).as(where).contains(expand(c.message(), vars).toLowerCase());
      assertThat(r.err().strip().lines()).as(where).hasSize(1);
      assertThat(STACK_TRACE.matcher(r.all()).find()).as(where).isFalse();
      assertThat(DbSnapshot.checksums(jdbcUrl)).as(where).isEqualTo(before);
      assertThat(requests()).as(where + ": upstream requests").isEqualTo(requests);
    } finally {
      fx.sandbox.reset();
    }
  }

  /** What each case did, in {@code target/bad-inputs.observed}: the catalogue's maintenance aid. */
  private static synchronized void record(Case c, AurumCli.Result r) throws IOException {
    Files.writeString(
        Path.of("target", "bad-inputs.observed"),
        c.id() + " | " + r.exit() + " | " + r.err().strip().replace("\n", " \\n ") + "\n",
        StandardCharsets.UTF_8,
        java.nio.file.StandardOpenOption.CREATE,
        java.nio.file.StandardOpenOption.APPEND);
  }

  /** Each case has its own copy of the configuration directory, as {@code {config}}. */
  private static void copyConfig(Path dir, Map<String, String> env, Map<String, String> vars)
      throws IOException {
    Path copy = Files.createDirectories(dir.resolve("config"));
    try (Stream<Path> files = Files.list(fx.config)) {
      for (Path f : files.toList()) {
        Files.copy(f, copy.resolve(f.getFileName()));
      }
    }
    env.put("AURUM_CONFIG_DIR", copy.toString());
    vars.put("config", copy.toString());
  }

  /** Each case runs on its own copy of the seeded store, so no case can spoil another. */
  private static Path copyOfSeededHome(Path dir) throws IOException {
    Path home = dir.resolve("home");
    try (Stream<Path> files = Files.walk(fx.home)) {
      for (Path f : files.toList()) {
        Path to = home.resolve(fx.home.relativize(f).toString());
        if (Files.isDirectory(f)) {
          Files.createDirectories(to);
        } else {
          Files.copy(f, to);
        }
      }
    }
    return home;
  }

  private static long requests() {
    long n = 0;
    for (String s : fx.sandbox.sources()) {
      n += fx.sandbox.stats(s).requests();
    }
    return n;
  }

  /**
   * Setup steps: {@code write:FILE=TEXT} (TEXT with {@code \n}), {@code replace:FILE:OLD=>NEW},
   * {@code env:NAME=VALUE}, {@code unset:NAME}, {@code fault:SOURCE:SETTINGS}.
   */
  private static void apply(
      String step, Path dir, Map<String, String> env, Map<String, String> vars) throws IOException {
    int colon = step.indexOf(':');
    String kind = colon < 0 ? step : step.substring(0, colon);
    String arg = colon < 0 ? "" : expand(step.substring(colon + 1), vars);
    switch (kind) {
      case "write" -> {
        int eq = arg.indexOf('=');
        Path file = dir.resolve(arg.substring(0, eq));
        Files.createDirectories(file.getParent());
        Files.writeString(file, arg.substring(eq + 1).replace("\\n", "\n"));
      }
      case "replace" -> {
        int sep = arg.indexOf(':');
        Path file = dir.resolve(arg.substring(0, sep));
        String[] change = arg.substring(sep + 1).split("=>", 2);
        String text = Files.readString(file);
        assertThat(text).as("replace in " + file).contains(change[0]);
        Files.writeString(file, text.replace(change[0], change[1]));
      }
      case "env" -> {
        int eq = arg.indexOf('=');
        env.put(arg.substring(0, eq), arg.substring(eq + 1));
      }
      case "unset" -> env.remove(arg);
      case "fault" -> {
        int sep = arg.indexOf(':');
        fx.sandbox.faults(arg.substring(0, sep), arg.substring(sep + 1));
      }
      default -> throw new IllegalStateException("unknown catalogue setup step '" + step + "'");
    }
  }

  private static String expand(String text, Map<String, String> vars) {
    String out = text;
    for (Map.Entry<String, String> v : vars.entrySet()) {
      out = out.replace("{" + v.getKey() + "}", v.getValue());
    }
    return out;
  }

  /** Splits a command line on blanks; single quotes keep blanks, {@code ''} is an empty word. */
  static final class Args {
    private Args() {}

    static String[] split(String line) {
      List<String> out = new ArrayList<>();
      StringBuilder word = null;
      boolean quoted = false;
      for (char ch : line.toCharArray()) {
        if (ch == '\'') {
          quoted = !quoted;
          if (word == null) {
            word = new StringBuilder();
          }
        } else if (Character.isWhitespace(ch) && !quoted) {
          if (word != null) {
            out.add(word.toString());
            word = null;
          }
        } else {
          if (word == null) {
            word = new StringBuilder();
          }
          word.append(ch);
        }
      }
      if (word != null) {
        out.add(word.toString());
      }
      return out.toArray(String[]::new);
    }
  }
}
