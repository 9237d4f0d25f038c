package io.aurum.app.wiring;

import io.aurum.app.cli.CliContext;
import io.aurum.app.cli.CommonOptions;
import io.aurum.core.error.AurumException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Where things are: the data directory ({@code --home}, {@code AURUM_HOME}, ./aurum-data), the
 * configuration directory ({@code --config-dir}, {@code AURUM_CONFIG_DIR}, ./config), the database
 * ({@code --db-url}, {@code AURUM_DB_URL}, SQLite under the data directory), sandbox mode, and the
 * directory of Java transform plugins ({@code AURUM_PLUGINS_DIR}, {@code plugins/} in the data
 * directory).
 */
public record Locations(Path home, Path configDir, String dbUrl, boolean sandbox, Path pluginsDir) {

  /**
   * Resolves the locations from the options, then the environment, then the defaults; refuses (exit
   * 2) an empty or non-directory data or configuration directory and a database other than SQLite
   * or PostgreSQL, before anything is opened.
   */
  public static Locations resolve(CommonOptions o, CliContext cli) {
    Path home = directory("--home", "AURUM_HOME", o.home(), cli, "aurum-data");
    Path config = directory("--config-dir", "AURUM_CONFIG_DIR", o.configDir(), cli, "config");
    String db = o.dbUrl() != null ? o.dbUrl() : cli.env("AURUM_DB_URL");
    if (db != null) {
      checkDbUrl(db, o.dbUrl() != null ? "--db-url" : "AURUM_DB_URL");
    } else {
      db = "jdbc:sqlite:" + home.toAbsolutePath().normalize().resolve("aurum.db");
    }
    boolean sandbox = o.sandbox() || "true".equalsIgnoreCase(cli.env("AURUM_SANDBOX"));
    Path abs = home.toAbsolutePath().normalize();
    // Java transform plugins: AURUM_PLUGINS_DIR, else plugins/ in the data directory.
    String plugins = cli.env("AURUM_PLUGINS_DIR");
    return new Locations(
        abs,
        config.toAbsolutePath().normalize(),
        db,
        sandbox,
        plugins != null ? Path.of(plugins).toAbsolutePath().normalize() : abs.resolve("plugins"));
  }

  private static Path directory(
      String option, String variable, Path given, CliContext cli, String fallback) {
    String from = given != null ? option : variable;
    Path dir = given != null ? given : Path.of(or(cli.env(variable), fallback));
    if (dir.toString().isBlank()) {
      throw new AurumException.BadInput(from + " is empty: give a directory");
    }
    if (Files.exists(dir) && !Files.isDirectory(dir)) {
      throw new AurumException.BadInput(
          from + " " + dir + " is a file, not a directory: point " + from + " at a directory");
    }
    return dir;
  }

  /** SQLite or PostgreSQL; anything else is refused naming what is supported. */
  static void checkDbUrl(String url, String from) {
    if (url.startsWith("jdbc:sqlite:")) {
      if (url.substring("jdbc:sqlite:".length()).isBlank()) {
        throw new AurumException.BadInput(
            from
                + " jdbc:sqlite: names no file: use jdbc:sqlite:PATH, e.g. jdbc:sqlite:aurum-data/aurum.db");
      }
      return;
    }
    if (url.startsWith("jdbc:postgresql:")) {
      checkPostgresPorts(url, from);
      return;
    }
    java.util.regex.Matcher m =
        java.util.regex.Pattern.compile("^jdbc:([A-Za-z0-9]+):").matcher(url);
    String what = m.find() ? "database '" + m.group(1) + "'" : "database URL";
    throw new AurumException.BadInput(
        "unsupported "
            + what
            + " in "
            + from
            + ": Aurum supports SQLite (jdbc:sqlite:PATH) and PostgreSQL"
            + " (jdbc:postgresql://HOST[:PORT]/DB)");
  }

  /**
   * pgjdbc turns a port outside 1..65535 (or not a number) into "No suitable driver" and a
   * java.util.logging warning on stderr, and the store then fails to open (exit 1): refuse it here,
   * as a usage error naming the port. The hosts are read as pgjdbc reads them: {@code HOST[:PORT]}
   * separated by commas, a colon inside {@code [...]} (IPv6) not starting a port.
   */
  private static void checkPostgresPorts(String url, String from) {
    String rest = url.substring("jdbc:postgresql:".length());
    if (!rest.startsWith("//")) {
      return;
    }
    String authority = rest.substring(2).split("[/?]", 2)[0];
    for (String address : authority.split(",", -1)) {
      int colon = address.lastIndexOf(':');
      if (colon < 0 || address.lastIndexOf(']') > colon) {
        continue;
      }
      String port = address.substring(colon + 1);
      if (!port.matches("[0-9]{1,5}")
          || Integer.parseInt(port) < 1
          || Integer.parseInt(port) > 65535) {
        throw new AurumException.BadInput(
            from
                + ": port '"
                + port
                + "' is not a port: use 1 to 65535, e.g. jdbc:postgresql://localhost:5432/aurum");
      }
    }
  }

  /** The SQLite file, when the database is SQLite. */
  public Optional<Path> sqliteFile() {
    if (dbUrl.startsWith("jdbc:sqlite:")) {
      String rest = dbUrl.substring("jdbc:sqlite:".length());
      int q = rest.indexOf('?');
      String file = q < 0 ? rest : rest.substring(0, q);
      // SQLite's URI form (jdbc:sqlite:file:PATH?mode=ro) names the same file.
      if (file.startsWith("file:")) {
        file = file.substring("file:".length());
      }
      return Optional.of(Path.of(file));
    }
    return Optional.empty();
  }

  /**
   * The directories Aurum writes its own files to (failure logs, rollback backups, scratch space,
   * transform plugins): no {@code --output} may write into them.
   */
  public java.util.List<Path> ownedDirectories() {
    return java.util.List.of(
        home.resolve("logs"), home.resolve("backups"), home.resolve("tmp"), pluginsDir);
  }

  /** The database for messages, without credentials. */
  public String describeDb() {
    return dbUrl.replaceAll("(?i)(password=)[^&;]*", "$1***");
  }

  private static String or(String a, String b) {
    return a != null ? a : b;
  }
}
