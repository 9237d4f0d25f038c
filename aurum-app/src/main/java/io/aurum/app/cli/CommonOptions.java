package io.aurum.app.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Options every command shares: where data and configuration live, and the sandbox switch. */
public final class CommonOptions {
  @Option(
      names = "--home",
      paramLabel = "DIR",
      description = "Data directory (default $AURUM_HOME or ./aurum-data).")
  Path home;

  @Option(
      names = "--config-dir",
      paramLabel = "DIR",
      description = "Configuration directory (default $AURUM_CONFIG_DIR or ./config).")
  Path configDir;

  @Option(
      names = "--db-url",
      paramLabel = "JDBC_URL",
      description = "Database (default $AURUM_DB_URL or SQLite under the data directory).")
  String dbUrl;

  @Option(
      names = "--sandbox",
      description = "Use the built-in sandbox of the upstream APIs (or AURUM_SANDBOX=true).")
  boolean sandbox;

  @Option(
      names = "--log-level",
      paramLabel = "LEVEL",
      description = "ERROR, WARN, INFO or DEBUG (default WARN).")
  String logLevel;

  @Option(names = "--debug", description = "Debug logging (same as --log-level DEBUG).")
  boolean debug;

  public Path home() {
    return home;
  }

  public Path configDir() {
    return configDir;
  }

  public String dbUrl() {
    return dbUrl;
  }

  public boolean sandbox() {
    return sandbox;
  }

  /** The log level asked for, or null for the default. */
  public String logLevel() {
    return debug ? "DEBUG" : logLevel;
  }
}
