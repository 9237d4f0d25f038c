package io.aurum.app.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.aurum.app.cli.BadInputCatalogue.Case;
import io.aurum.app.testing.AurumCli;
import io.aurum.app.testing.CliFixture;
import io.aurum.app.testing.DbSnapshot;
import io.aurum.store.testing.StoreFixtures;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.SQLException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The bad-input catalogue ({@code src/test/resources/bad-inputs.catalogue}, summarised in
 * docs/errors.md): for every catalogued mistake, the documented exit code, one line on stderr that
 * names the problem, no stack trace, no upstream request, and every table of the store exactly as
 * before (a checksum of every row of every table). Run once per store. On SQLite each case has its
 * own copy of the seeded database file. On PostgreSQL the cases run one after another on one seeded
 * schema (a schema and a backfill per case would cost more than the cases), each compared before
 * and after; a case that changed the schema fails, and the next case gets a freshly seeded one.
 * Cases marked for the other store are skipped with the catalogue's reason.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class BadInputCatalogueContractTest {
  private static final Pattern STACK_TRACE =
      Pattern.compile(
          "(?m)^\\s+at [\\w$.]+\\(|\\b[\\w$.]+(Exception|Error)\\b(?!s)|internal error");
  private static final Pattern PG_SERVER =
      Pattern.compile("(jdbc:postgresql://[^/?]+)[^?]*\\??(.*)");

  @TempDir static Path tmp;
  private CliFixture fx;

  abstract boolean postgres();

  private String store() {
    return postgres() ? "postgresql" : "sqlite";
  }

  @BeforeAll
  void seed() throws SQLException {
    fx = seeded();
  }

  /** A store holding BACKFILL_20240103_EIA (SUCCEEDED) and BACKFILL_20240105_EIA (PAUSED). */
  private CliFixture seeded() throws SQLException {
    CliFixture seeded =
        new CliFixture(tmp.resolve("seed-" + UUID.randomUUID()), postgres(), 1000, 8);
    AurumCli.Result r = seeded.backfillEiaDemand("2024-01-01", "2024-01-03");
    assertThat(r.exit()).as(r.all()).isZero();
    seeded.seedOperation("BACKFILL_20240105_EIA", "BACKFILL_20240103_EIA", List.of(), true);
    // The snapshot must see the seeded rows, or "unchanged" would prove nothing.
    assertThat(DbSnapshot.checksums(seeded.jdbcUrl()))
        .hasEntrySatisfying("operations", v -> assertThat(v).startsWith("2:"))
        .hasEntrySatisfying("observations", v -> assertThat(v).doesNotStartWith("0:"));
    return seeded;
  }

  @AfterAll
  void close() {
    if (fx != null) {
      fx.close();
    }
  }

  /** The cases; {@code -Daurum.badInputs=PREFIX} runs only those whose id starts with PREFIX. */
  static Stream<Case> cases() {
    String prefix = System.getProperty("aurum.badInputs", "");
    return BadInputCatalogue.load().stream().filter(c -> c.id().startsWith(prefix));
  }

  @Test
  void the_catalogue_has_at_least_150_distinct_cases() {
    List<Case> all = BadInputCatalogue.load();
    assertThat(all).hasSizeGreaterThanOrEqualTo(150);
    assertThat(all.stream().map(Case::id).distinct().count()).isEqualTo(all.size());
    assertThat(all.stream().filter(c -> c.runsOn(store())).count()).isGreaterThanOrEqualTo(150);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void a_catalogued_bad_input_is_one_line_with_its_exit_code_and_changes_nothing(Case c)
      throws Exception {
    Assumptions.assumeTrue(c.runsOn(store()), () -> c.id() + ": " + c.only() + " only: " + c.why());
    Path dir = Files.createDirectories(tmp.resolve("case-" + c.line()));
    Path home = copyOfSeededHome(dir);
    String jdbcUrl = postgres() ? fx.jdbcUrl() : "jdbc:sqlite:" + home.resolve("aurum.db");
    Map<String, String> env = new HashMap<>(fx.env());
    env.put("AURUM_HOME", home.toString());
    Map<String, String> vars = new HashMap<>();
    vars.put("tmp", dir.toString());
    vars.put("home", home.toString());
    copyConfig(dir, env, vars);
    if (!postgres()) {
      vars.put("db", home.resolve("aurum.db").toString());
    }
    vars.put("dburl", jdbcUrl);
    String pgBase = System.getProperty("aurum.pgUrl", StoreFixtures.DEFAULT_PG_URL);
    vars.put("pgbase", pgBase);
    Matcher pg = PG_SERVER.matcher(pgBase);
    if (pg.matches()) {
      vars.put("pgserver", pg.group(1));
      vars.put("pgparams", pg.group(2));
    }
    vars.put("sandbox", fx.sandbox.baseUrl());
    fx.sandbox.reset();
    Map<String, String> before = null;
    Map<String, String> after = null;
    try {
      for (String s : c.setup()) {
        apply(s, dir, env, vars);
      }
      before = DbSnapshot.checksums(jdbcUrl);
      long requests = requests();
      String[] args = BadInputCatalogue.split(expand(c.commandLine(), vars));
      AurumCli.Result r =
          assertTimeoutPreemptively(
              Duration.ofSeconds(60), () -> AurumCli.run(env, args), "a bad input must not hang");
      after = DbSnapshot.checksums(jdbcUrl);
      String where = store() + ", catalogue line " + c.line() + " (" + c.id() + "): " + r.all();
      record(c, r);
      assertThat(r.exit()).as(where).isEqualTo(c.exit());
      assertThat(r.err().toLowerCase()).as(where).contains(expand(c.message(), vars).toLowerCase());
      assertThat(r.err().strip().lines()).as(where).hasSize(1);
      assertThat(STACK_TRACE.matcher(r.all()).find()).as(where).isFalse();
      assertThat(after).as(where).isEqualTo(before);
      assertThat(requests()).as(where + ": upstream requests").isEqualTo(requests);
    } finally {
      fx.sandbox.reset();
      if (postgres() && (after == null || !after.equals(before))) {
        // The shared schema may have changed (or a hung case may still change it): reseed.
        fx.close();
        fx = seeded();
      }
    }
  }

  /**
   * What each case did, in {@code target/bad-inputs-STORE.observed}: the catalogue's maintenance
   * aid.
   */
  private synchronized void record(Case c, AurumCli.Result r) throws IOException {
    Files.writeString(
        Path.of("target", "bad-inputs-" + store() + ".observed"),
        c.id() + " | " + r.exit() + " | " + r.err().strip().replace("\n", " \\n ") + "\n",
        StandardCharsets.UTF_8,
        StandardOpenOption.CREATE,
        StandardOpenOption.APPEND);
  }

  /** Each case has its own copy of the configuration directory, as {@code {config}}. */
  private void copyConfig(Path dir, Map<String, String> env, Map<String, String> vars)
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

  /** Each case has its own copy of the seeded data directory (on SQLite, with the store in it). */
  private Path copyOfSeededHome(Path dir) throws IOException {
    Path home = Files.createDirectories(dir.resolve("home"));
    if (!Files.isDirectory(fx.home)) {
      return home;
    }
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

  private long requests() {
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
  private void apply(String step, Path dir, Map<String, String> env, Map<String, String> vars)
      throws IOException {
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
}
