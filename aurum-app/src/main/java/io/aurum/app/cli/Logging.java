package io.aurum.app.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.encoder.JsonEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.OutputStreamAppender;
import ch.qos.logback.core.encoder.Encoder;
import io.aurum.core.error.AurumException;
import java.util.Locale;
import org.slf4j.LoggerFactory;

/**
 * Sets the log level and format asked for on the command line (logs go to standard error): the
 * human format of the logging configuration, or a JSON object a line ({@code --log-format json},
 * docs/monitoring.md), whose default level is INFO so that the run's events are there.
 */
public final class Logging {
  /** The level of the logging configuration, which a run without a level asked for gets back. */
  private static final Level DEFAULT = root().getLevel();

  /** The appender of logback.xml, and the human encoder it was configured with. */
  private static final OutputStreamAppender<ILoggingEvent> APPENDER =
      (OutputStreamAppender<ILoggingEvent>) root().getAppender("STDERR");

  private static final Encoder<ILoggingEvent> HUMAN = APPENDER.getEncoder();

  private static volatile boolean json;

  private Logging() {}

  public static void configure(String level) {
    if (level == null) {
      root().setLevel(json ? Level.INFO : DEFAULT);
      return;
    }
    String l = level.trim().toUpperCase(Locale.ROOT);
    if (!l.matches("ERROR|WARN|INFO|DEBUG|TRACE")) {
      throw new AurumException.BadInput(
          "unknown log level '" + level + "': use ERROR, WARN, INFO or DEBUG");
    }
    root().setLevel(Level.toLevel(l));
  }

  /** Logs in {@code format} from now on, at its default level until a command sets one. */
  static synchronized void format(LogFormat format) {
    boolean asked = format == LogFormat.JSON;
    if (asked != json) {
      APPENDER.stop();
      APPENDER.setEncoder(asked ? jsonEncoder() : HUMAN);
      APPENDER.start();
      json = asked;
    }
    configure(null);
  }

  /**
   * The log format and level in force, as the global flags set them: a command run inside a process
   * that serves others ({@code aurum serve}) keeps that process's logging with them.
   */
  public static java.util.List<String> currentFlags() {
    String level = String.valueOf(root().getLevel());
    return level.matches("ERROR|WARN|INFO|DEBUG|TRACE")
        ? java.util.List.of("--log-format", json ? "json" : "text", "--log-level", level)
        : java.util.List.of("--log-format", json ? "json" : "text");
  }

  /** Whether logs are JSON lines: progress then goes to the log too, as JSON. */
  static boolean json() {
    return json;
  }

  /**
   * Logback's JSON encoder: timestamp (epoch ms), level, thread, logger, the log context (mdc:
   * operation_id, source, dataset, task), key-value pairs, the formatted message and any throwable.
   * Not the message pattern or its arguments apart: the formatted message says it once.
   */
  private static JsonEncoder jsonEncoder() {
    JsonEncoder e = new JsonEncoder();
    e.setContext(root().getLoggerContext());
    e.setWithSequenceNumber(false);
    e.setWithNanoseconds(false);
    e.setWithContext(false);
    e.setWithMessage(false);
    e.setWithArguments(false);
    e.setWithFormattedMessage(true);
    e.start();
    return e;
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
