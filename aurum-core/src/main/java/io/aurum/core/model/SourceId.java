package io.aurum.core.model;

import io.aurum.core.error.AurumException;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The upstream providers Aurum knows, by the names the runbook uses on the command line. */
public enum SourceId {
  EIA,
  FRED,
  CPI,
  NOAA,
  ISO;

  /** The lower-case name used in commands, configuration and operation ids. */
  public String cliName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** A quota lane's name in messages: {@code iso/pjm} for a market, the source for null. */
  public String laneName(String market) {
    return market == null ? cliName() : cliName() + "/" + market;
  }

  /** Parses a source name from user input, with an error that lists the known ones. */
  public static SourceId parse(String text) {
    if (text != null) {
      for (SourceId s : values()) {
        if (s.cliName().equalsIgnoreCase(text.trim())) {
          return s;
        }
      }
    }
    throw new AurumException.BadInput(
        "unknown source '"
            + text
            + "': use one of "
            + Arrays.stream(values()).map(SourceId::cliName).collect(Collectors.joining(", ")));
  }
}
