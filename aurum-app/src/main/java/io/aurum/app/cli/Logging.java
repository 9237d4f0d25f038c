package io.aurum.app.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import io.aurum.core.error.AurumException;
import java.util.Locale;
import org.slf4j.LoggerFactory;

/** Sets the log level asked for on the command line (logs go to standard error). */
public final class Logging {
  /** The level of the logging configuration, which a run without a level asked for gets back. */
  private static final Level DEFAULT = root().getLevel();

  private Logging() {}

  public static void configure(String level) {
    if (level == null) {
      root().setLevel(DEFAULT);
      return;
    }
    String l = level.trim().toUpperCase(Locale.ROOT);
    if (!l.matches("ERROR|WARN|INFO|DEBUG|TRACE")) {
      throw new AurumException.BadInput(
          "unknown log level '" + level + "': use ERROR, WARN, INFO or DEBUG");
    }
    root().setLevel(Level.toLevel(l));
  }

  /** Whether a command line that failed to parse asked for {@code --debug}. */
  static boolean debugRequested(String[] args) {
    return args != null && java.util.Arrays.asList(args).contains("--debug");
  }

  static boolean debugEnabled() {
    return root().isDebugEnabled();
  }

  private static Logger root() {
    return (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
  }
}
