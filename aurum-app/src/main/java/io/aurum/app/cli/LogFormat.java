package io.aurum.app.cli;

import java.util.Locale;

/** {@code --log-format}: the human lines of the logging configuration, or JSON lines. */
public enum LogFormat {
  TEXT,
  JSON;

  /** The format {@code AURUM_LOG_FORMAT} names, or null when it names none of them. */
  static LogFormat parse(String text) {
    for (LogFormat f : values()) {
      if (f.name().equalsIgnoreCase(text.trim())) {
        return f;
      }
    }
    return null;
  }

  @Override
  public String toString() {
    return name().toLowerCase(Locale.ROOT);
  }
}
