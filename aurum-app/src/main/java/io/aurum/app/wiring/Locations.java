package io.aurum.app.wiring;

import io.aurum.app.cli.CliContext;
import io.aurum.app.cli.CommonOptions;
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

  public static Locations resolve(CommonOptions o, CliContext cli) {
    Path home = o.home() != null ? o.home() : Path.of(or(cli.env("AURUM_HOME"), "aurum-data"));
    Path config =
        o.configDir() != null ? o.configDir() : Path.of(or(cli.env("AURUM_CONFIG_DIR"), "config"));
    String db = o.dbUrl() != null ? o.dbUrl() : cli.env("AURUM_DB_URL");
    if (db == null) {
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

  /** The SQLite file, when the database is SQLite. */
  public Optional<Path> sqliteFile() {
    if (dbUrl.startsWith("jdbc:sqlite:")) {
      String rest = dbUrl.substring("jdbc:sqlite:".length());
      int q = rest.indexOf('?');
      return Optional.of(Path.of(q < 0 ? rest : rest.substring(0, q)));
    }
    return Optional.empty();
  }

  /** The database for messages, without credentials. */
  public String describeDb() {
    return dbUrl.replaceAll("(?i)(password=)[^&;]*", "$1***");
  }

  private static String or(String a, String b) {
    return a != null ? a : b;
  }
}
