package io.aurum.app.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * The options every command shares, declared once on the root command and inherited by every
 * subcommand, so they work anywhere on the line: {@code aurum --debug ops list} and {@code aurum
 * ops list --debug} alike. Commands read them through {@link CommonOptions}.
 */
public final class GlobalOptions {
  @Option(
      names = "--home",
      paramLabel = "DIR",
      scope = ScopeType.INHERIT,
      description = "Data directory (default $AURUM_HOME or ./aurum-data).")
  Path home;

  @Option(
      names = "--config-dir",
      paramLabel = "DIR",
      scope = ScopeType.INHERIT,
      description = "Configuration directory (default $AURUM_CONFIG_DIR or ./config).")
  Path configDir;

  @Option(
      names = "--db-url",
      paramLabel = "JDBC_URL",
      scope = ScopeType.INHERIT,
      description = "Database (default $AURUM_DB_URL or SQLite under the data directory).")
  String dbUrl;

  @Option(
      names = "--sandbox",
      scope = ScopeType.INHERIT,
      description = "Use the built-in sandbox of the upstream APIs (or AURUM_SANDBOX=true).")
  boolean sandbox;

  @Option(
      names = "--log-level",
      paramLabel = "LEVEL",
      scope = ScopeType.INHERIT,
      description = "ERROR, WARN, INFO or DEBUG (default WARN).")
  String logLevel;

  @Option(
      names = "--log-format",
      paramLabel = "FORMAT",
      scope = ScopeType.INHERIT,
      description =
          "text (default) or json: a JSON object a line, with the operation, source, dataset and task of each line; its default level is INFO (or AURUM_LOG_FORMAT).")
  LogFormat logFormat;

  @Option(
      names = "--debug",
      scope = ScopeType.INHERIT,
      description = "Debug logging, and a stack trace with any error.")
  boolean debug;
}
