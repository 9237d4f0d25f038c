package io.aurum.app.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import io.aurum.core.error.AurumException;
import java.util.Locale;
import org.slf4j.LoggerFactory;

/** Sets the log level asked for on the command line (logs go to standard error). */
public final class Logging {
  private Logging() {}

  public static void configure(String level) {
    if (level == null) {
      return;
    }
    String l = level.trim().toUpperCase(Locale.ROOT);
    if (!l.matches("ERROR|WARN|INFO|DEBUG|TRACE")) {
      throw new AurumException.BadInput(
          "unknown log level '" + level + "': use ERROR, WARN, INFO or DEBUG");
    }
    root().setLevel(Level.toLevel(l));
  }

  static boolean debugEnabled() {
    return root().isDebugEnabled();
  }

  private static Logger root() {
    return (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
  }
}
